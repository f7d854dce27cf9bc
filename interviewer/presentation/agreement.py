"""The grader measured against the candidate: over the answers they reviewed, how often they changed a
verdict (per grader and model, per topic), Cohen's kappa between the grader's verdicts and theirs, and the
mean difference their review made to the score. Also those answers as a labelled set for `interviewer eval`."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from interviewer.bank import Bank
from interviewer.domain.feedback import Verdict
from interviewer.domain.session import FollowUp, QuestionRecord
from interviewer.storage.store import Store


@dataclass(frozen=True)
class ReviewedAnswer:
    session_id: str
    index: int
    follow_up: int | None
    question_id: str
    answer: str
    graded: QuestionRecord | FollowUp  # with its grader's feedback, reviews and reviewed feedback

    @property
    def grader(self) -> str:
        """"offline", or "llm gpt-4o-mini": whose verdicts were reviewed."""
        grade = self.graded.grader_grade
        assert grade is not None  # only graded answers are reviewed
        p = grade.provenance
        return f"{p.grader} {p.model}" if p.model else p.grader

    @property
    def pairs(self) -> list[tuple[Verdict, Verdict]]:
        """(the grader's verdict, the candidate's) for each point the candidate reviewed."""
        return [(r.grader_verdict, r.verdict) for r in self.graded.reviews.values()]

    @property
    def score_difference(self) -> float:
        reviewed, grader = self.graded.feedback, self.graded.grader_grade
        assert reviewed is not None and grader is not None  # only graded answers are reviewed
        return reviewed.score - grader.score


def reviewed_answers(store: Store) -> list[ReviewedAnswer]:
    """Every answer (and follow-up answer) with a verdict review, oldest interview first."""
    ids = [row[0] for row in store.db.execute(
        "SELECT DISTINCT session_id FROM events WHERE type = 'verdict_reviewed' ORDER BY session_id")]
    answers = []
    for session_id in ids:
        record = store.load(session_id).record
        for index, item in enumerate(record.records):
            if item.reviewed:
                answers.append(ReviewedAnswer(record.id, index, None, item.question_id, item.answer or "", item))
            answers += [ReviewedAnswer(record.id, index, n, item.question_id, f.answer, f)
                        for n, f in enumerate(item.follow_ups) if f.reviewed]
    return answers


@dataclass
class Share:
    reviewed: int = 0  # verdicts the candidate confirmed or changed
    changed: int = 0

    @property
    def share(self) -> float | None:
        return self.changed / self.reviewed if self.reviewed else None


@dataclass
class Agreement:
    answers: int = 0
    overall: Share = field(default_factory=Share)
    by_grader: dict[str, Share] = field(default_factory=dict)
    by_topic: dict[str, Share] = field(default_factory=dict)
    kappa: float | None = None
    mean_score_difference: float | None = None  # reviewed score minus the grader's, per reviewed answer

    def as_dict(self) -> dict:
        def shares(groups: dict[str, Share]) -> dict:
            return {name: {"reviewed": s.reviewed, "changed": s.changed, "share_changed": s.share}
                    for name, s in groups.items()}

        return {"answers": self.answers, "reviewed_verdicts": self.overall.reviewed, "changed": self.overall.changed,
                "share_changed": self.overall.share, "kappa": self.kappa,
                "mean_score_difference": self.mean_score_difference, "by_grader": shares(self.by_grader),
                "by_topic": shares(self.by_topic)}


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Unweighted Cohen's kappa between two raters; None when there is nothing to compare or chance
    agreement is certain (both raters always gave the same one verdict)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def agreement(answers: Iterable[ReviewedAnswer], bank: Bank) -> Agreement:
    result, pairs, differences = Agreement(), [], []
    for answer in answers:
        question = bank.questions.get(answer.question_id)
        topic = question.topic.value if question else "not in the bank"
        groups = (result.overall, result.by_grader.setdefault(answer.grader, Share()),
                  result.by_topic.setdefault(topic, Share()))
        for grader, yours in answer.pairs:
            for group in groups:
                group.reviewed += 1
                group.changed += grader != yours
            pairs.append((grader, yours))
        result.answers += 1
        differences.append(answer.score_difference)
    result.kappa = cohen_kappa(pairs)
    result.mean_score_difference = sum(differences) / len(differences) if differences else None
    return result


def render(result: Agreement) -> str:
    if not result.answers:
        return ("No reviewed verdicts yet. On a feedback screen or a report, press v to confirm or change the "
                "grader's verdicts; this measures the grader against them.")

    def line(name: str, s: Share) -> str:
        return f"  {name:<32} {s.changed:>4} of {s.reviewed:<4} changed ({s.share:.0%})"

    kappa = "n/a" if result.kappa is None else f"{result.kappa:.2f}"
    lines = [f"Reviewed answers: {result.answers} · verdicts reviewed: {result.overall.reviewed} · changed by you: "
             f"{result.overall.changed} ({result.overall.share:.0%})",
             f"Cohen's kappa, grader vs you: {kappa} · mean score change from your review: "
             f"{result.mean_score_difference:+.2f}", "", "By grader and model:"]
    lines += [line(name, s) for name, s in sorted(result.by_grader.items())]
    lines += ["", "By topic:", *(line(name, s) for name, s in sorted(result.by_topic.items()))]
    return "\n".join(lines)


LABELLED_COLUMNS = ("question_id", "question", "reference_answer", "answer", "score", "max_score", "category",
                    "verdicts", "misconceptions")


def labelled_csv(answers: Iterable[ReviewedAnswer], bank: Bank, rubrics) -> tuple[str, int]:
    """The reviewed main answers as an `eval` dataset (evaluation.dataset), with the candidate's per-point
    verdicts (points they did not review keep the grader's, which they let stand) and the score those
    verdicts come to; returns the CSV and the number of rows. Follow-up answers are left out: each was
    graded against one point."""
    from interviewer.engine.verdict_review import kept_misconceptions
    from interviewer.grading.scoring import compute_score

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LABELLED_COLUMNS)
    rows = 0
    for answer in answers:
        question = bank.questions.get(answer.question_id)
        if answer.follow_up is not None or question is None:
            continue
        rubric, feedback, grader = rubrics(question), answer.graded.feedback, answer.graded.grader_grade
        assert feedback is not None and grader is not None  # only graded answers are reviewed
        misconceptions = kept_misconceptions(rubric, grader, answer.graded.reviews)
        score = compute_score(rubric, feedback.verdicts, misconceptions)
        verdicts = {v.point_id: {"verdict": v.verdict.value, "quote": v.quote} for v in feedback.verdicts}
        found = [{"id": m.misconception_id, "quote": m.quote} for m in misconceptions]
        writer.writerow([question.id, question.text, question.references[0].answer, answer.answer, f"{score:g}", "10",
                         "reviewed", json.dumps(verdicts, ensure_ascii=False), json.dumps(found, ensure_ascii=False)])
        rows += 1
    return out.getvalue(), rows
