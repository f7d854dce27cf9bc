"""The end-of-interview report's figures, as text: per-question cells, the summary line, scores by topic,
the weakest key points and what grading cost. The report screen lays them out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from interviewer.domain.feedback import Verdict
from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric
from interviewer.domain.session import QuestionRecord, SessionRecord
from interviewer.presentation.cost import interview_cost
from interviewer.presentation.view import mm_ss

if TYPE_CHECKING:
    from interviewer.bank import Bank
    from interviewer.settings import ModelPrice


WEAK_BELOW = 7.0  # a topic scoring this or more is not worth a drill from the report


def score_cell(item: QuestionRecord, grading: bool = True) -> str:
    """`grading`: the grade may still arrive; else an answer with no grade and no error died with an earlier
    process, and `r` grades it again."""
    if item.skipped or not item.answered:
        return "skipped" if item.skipped else "—"
    if item.feedback:
        return f"{item.feedback.score:g}/10" + (" ✎" if item.reviewed else "")  # ✎: your verdicts count
    return "failed (r)" if item.grading_error else "grading…" if grading else "not graded (r)"


def shared_allowance(record: SessionRecord) -> float | None:
    """The one time allowance of every question, when they share one (the usual case)."""
    allowances = {item.seconds_allowed for item in record.records}
    return allowances.pop() if len(allowances) == 1 else None


def time_cell(item: QuestionRecord, shared: bool = False) -> str:
    """E.g. "03:10/05:00!": time used, of the time allowed (left out when the column's title gives it), ! when
    over it."""
    allowed = f"/{mm_ss(item.seconds_allowed)}" if item.seconds_allowed and not shared else ""
    return f"{mm_ss(item.seconds_used)}{allowed}{'!' if item.over_time else ''}"


def report_summary(record: SessionRecord) -> str:
    counted = len(record.counted_scores())
    average = f"{record.average:.1f}/10 over {counted} question{'s' * (counted != 1)}" if counted else "no grades yet"
    return (f"{record.config.kind.capitalize()} {record.id} · {record.config.mode} · {average} · "
            f"time {mm_ss(sum(r.seconds_used for r in record.records))}")


def report_details(record: SessionRecord, bank: Bank, rubrics: Callable[[Question], Rubric],
                   prices: Mapping[str, ModelPrice]) -> list[str]:
    """Scores by topic, the weakest key points, what grading cost and where the transcript is."""
    topics = topic_averages(record, bank)
    lines = ["By topic: " + ", ".join(f"{t} {s:.1f}" for t, s in topics.items()) if topics else "By topic: —"]
    weakest = weakest_points(record, bank, rubrics)
    if weakest:
        lines.append("Weakest key points:")
        lines += [f"  • {statement} ({qid})" for qid, statement in weakest]
    if any(item.reviewed for item in record.records):
        lines.append("✎ reviewed by you: the score counts your verdicts (the grader's are kept; see the feedback)")
    lines.append(f"Grading: {interview_cost(record, prices).summary()}")
    lines.append(f"Review it later: interviewer transcripts show {record.id}")
    return lines


def topic_averages(record: SessionRecord, bank: Bank) -> dict[str, float]:
    scores: dict[str, list[float]] = defaultdict(list)
    for item in record.records:
        if item.feedback and item.question_id in bank.questions:
            scores[bank.get(item.question_id).topic.value].append(item.feedback.score)
    return {t: sum(s) / len(s) for t, s in sorted(scores.items())}


def weakest_topics(record: SessionRecord, bank: Bank, count: int) -> list[str]:
    """Up to `count` topics of the interview scoring under WEAK_BELOW, lowest first (what "drill weakest" asks)."""
    topics = topic_averages(record, bank)
    return [topic for topic in sorted(topics, key=lambda t: topics[t]) if topics[topic] < WEAK_BELOW][:count]


def follow_up_scores(item: QuestionRecord) -> str:
    """E.g. "4, 8 ✓": each follow-up's score, ✓ when it closed the gap it probed."""
    marks = {True: " ✓", False: "", None: ""}
    scores = [f"{f.feedback.score:g}{marks[f.recovered]}" if f.feedback else ("…" if f.answer else "—")
              for f in item.follow_ups]
    return ", ".join(scores) or "—"


def weakest_points(record: SessionRecord, bank: Bank, rubrics: Callable[[Question], Rubric],
                   limit: int = 5) -> list[tuple[str, str]]:
    """(question id, key point statement) for missed must-have points, heaviest first; a point a follow-up then
    closed is not weak any more."""
    missed = []
    for item in record.records:
        if not item.feedback or item.question_id not in bank.questions:
            continue
        rubric = rubrics(bank.get(item.question_id))
        points = {p.id: p for p in rubric.key_points}
        closed = {f.target_point for f in item.follow_ups if f.recovered}
        for v in item.feedback.verdicts:
            point = points.get(v.point_id)
            if (point and v.verdict in (Verdict.MISSING, Verdict.INCORRECT) and point.importance == "must"
                    and point.id not in closed):
                missed.append((point.weight, item.question_id, point.statement))
    return [(q, s) for _, q, s in sorted(missed, key=lambda m: -m[0])[:limit]]
