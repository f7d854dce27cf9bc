"""Progress over weeks, from the store's summary rows (no event is replayed)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from interviewer.bank import Bank
from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric
from interviewer.presentation.cost import GradingCost, usage_cost
from interviewer.storage.summary import ProgressRows

if TYPE_CHECKING:
    from interviewer.settings import ModelPrice

BARS = "▁▂▃▄▅▆▇█"
SPARK_POINTS = 20  # the interviews a topic's sparkline shows, the latest last


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
    cost: GradingCost = field(default_factory=GradingCost)

    def as_dict(self) -> dict:
        return {"sessions": self.sessions, "answers": self.answers, "topic_scores": self.topic_scores,
                "sessions_per_week": self.per_week,
                "most_missed": [{"question_id": q, "key_point": p, "times": n} for q, p, n in self.most_missed],
                "never_seen": self.never_seen,
                "grading": {"prompt_tokens": self.cost.prompt_tokens, "cached_tokens": self.cost.cached_tokens,
                            "completion_tokens": self.cost.completion_tokens, "usd": self.cost.usd}}


def history(rows: ProgressRows, bank: Bank, rubrics: Callable[[Question], Rubric],
            prices: Mapping[str, ModelPrice], top: int = 8) -> History:
    """`rows` from `Store.progress`, for this bank's questions; `prices` from the settings."""
    by_topic: dict[str, list[float]] = defaultdict(list)
    for topic, mean in rows.topic_means:
        by_topic[topic].append(round(mean, 2))
    weeks: Counter[str] = Counter()
    for day, started in rows.sessions_per_day:
        weeks["{}-W{:02d}".format(*date.fromisoformat(day).isocalendar()[:2])] += started
    return History(
        sessions=sum(started for _, started in rows.sessions_per_day),
        answers=rows.graded,
        topic_scores=dict(sorted(by_topic.items())),
        per_week=dict(sorted(weeks.items())),
        most_missed=_statements(rows.missed, bank, rubrics, top),
        never_seen=sorted(set(bank.questions) - rows.seen),
        cost=usage_cost(rows.usage, prices),
    )


def _statements(missed: list[tuple[str, str, int]], bank: Bank, rubrics, top: int) -> list[tuple[str, str, int]]:
    """The most-missed points with their statements; only their rubrics are read."""
    found = []
    for question_id, point_id, times in missed:
        points = {p.id: p.statement for p in rubrics(bank.questions[question_id]).key_points}
        if point_id in points:  # a point since removed from the rubric is not shown
            found.append((question_id, points[point_id], times))
        if len(found) == top:
            break
    return found


def render(h: History, bank_size: int) -> str:
    lines = [f"{h.sessions} interviews, {h.answers} graded answers, "
             f"{bank_size - len(h.never_seen)}/{bank_size} questions seen", "", "Score by topic (one bar per interview, 0-10):"]
    for topic, scores in h.topic_scores.items():
        lines.append(f"  {topic:<22} {sparkline(scores[-SPARK_POINTS:]):<20} latest {scores[-1]:.1f}")
    if not h.topic_scores:
        lines.append("  no graded answers yet")
    lines += ["", "Interviews per week: " + (", ".join(f"{w} {n}" for w, n in list(h.per_week.items())[-8:]) or "none")]
    if h.most_missed:
        lines += ["", "Most-missed key points:"]
        lines += [f"  {n}x  {point} ({qid})" for qid, point, n in h.most_missed]
    lines += ["", f"Grading: {h.cost.summary()}"]
    lines += ["", f"Never seen ({len(h.never_seen)}): " + ", ".join(h.never_seen[:12])
              + (" …" if len(h.never_seen) > 12 else "")]
    return "\n".join(lines)
