"""Progress over weeks, computed from every transcript."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from interviewer.bank import Bank
from interviewer.domain.feedback import Verdict
from interviewer.domain.session import SessionRecord
from interviewer.rubric.store import rubric_for

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], high: float = 10.0) -> str:
    return "".join(BARS[min(len(BARS) - 1, int(v / high * (len(BARS) - 1) + 0.5))] for v in values)


@dataclass
class History:
    sessions: int = 0
    answers: int = 0
    topic_scores: dict[str, list[float]] = field(default_factory=dict)  # per topic, one mean per session, in order
    per_week: dict[str, int] = field(default_factory=dict)  # ISO week -> sessions
    most_missed: list[tuple[str, str, int]] = field(default_factory=list)  # (question id, point, times missed)
    never_seen: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"sessions": self.sessions, "answers": self.answers, "topic_scores": self.topic_scores,
                "sessions_per_week": self.per_week,
                "most_missed": [{"question_id": q, "key_point": p, "times": n} for q, p, n in self.most_missed],
                "never_seen": self.never_seen}


def history(records: list[SessionRecord], bank: Bank, top: int = 8) -> History:
    result = History(sessions=len(records))
    by_topic: dict[str, list[float]] = defaultdict(list)
    missed: Counter[tuple[str, str]] = Counter()
    seen: set[str] = set()
    weeks: Counter[str] = Counter()
    for record in sorted(records, key=lambda r: r.started_at):
        year, week, _ = record.started_at.isocalendar()
        weeks[f"{year}-W{week:02d}"] += 1
        session_topics: dict[str, list[float]] = defaultdict(list)
        for item in record.records:
            seen.add(item.question_id)
            if not item.feedback or item.question_id not in bank.questions:
                continue
            result.answers += 1
            question = bank.questions[item.question_id]
            session_topics[question.topic.value].append(item.feedback.score)
            points = {p.id: p.statement for p in rubric_for(question).key_points}
            for v in item.feedback.verdicts:
                if v.verdict in (Verdict.MISSING, Verdict.INCORRECT) and v.point_id in points:
                    missed[(item.question_id, points[v.point_id])] += 1
        for topic, scores in session_topics.items():
            by_topic[topic].append(round(sum(scores) / len(scores), 2))
    result.topic_scores = dict(sorted(by_topic.items()))
    result.per_week = dict(sorted(weeks.items()))
    result.most_missed = [(q, p, n) for (q, p), n in missed.most_common(top)]
    result.never_seen = sorted(set(bank.questions) - seen)
    return result


def render(h: History, bank_size: int) -> str:
    lines = [f"{h.sessions} interviews, {h.answers} graded answers, "
             f"{bank_size - len(h.never_seen)}/{bank_size} questions seen", "", "Score by topic (one bar per interview, 0-10):"]
    for topic, scores in h.topic_scores.items():
        lines.append(f"  {topic:<22} {sparkline(scores):<20} latest {scores[-1]:.1f}")
    if not h.topic_scores:
        lines.append("  no graded answers yet")
    lines += ["", "Interviews per week: " + (", ".join(f"{w} {n}" for w, n in list(h.per_week.items())[-8:]) or "none")]
    if h.most_missed:
        lines += ["", "Most-missed key points:"]
        lines += [f"  {n}x  {point} ({qid})" for qid, point, n in h.most_missed]
    lines += ["", f"Never seen ({len(h.never_seen)}): " + ", ".join(h.never_seen[:12])
              + (" …" if len(h.never_seen) > 12 else "")]
    return "\n".join(lines)
