"""Choosing a follow-up question, as an interviewer would: probe the most important gap, or, when
nothing important is missing, ask for depth on something the candidate said. Also the small rubric
a follow-up answer is graded against."""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.domain.feedback import Feedback, Verdict
from interviewer.domain.rubrics import KeyPoint, Rubric


@dataclass(frozen=True)
class FollowUpPlan:
    text: str
    point_id: str


def choose_follow_up(rubric: Rubric, feedback: Feedback, already: set[str] = frozenset()) -> FollowUpPlan | None:
    """The grader's proposal when it names a point that is open; else the heaviest open must-have point;
    else depth on the heaviest covered point. None when every point has been probed."""
    verdicts = {v.point_id: v for v in feedback.verdicts}
    points = [p for p in rubric.key_points if p.id not in already]
    open_points = [p for p in points if verdicts.get(p.id) is None or verdicts[p.id].verdict != Verdict.COVERED]
    if feedback.follow_up and feedback.follow_up_point in {p.id for p in open_points}:
        return FollowUpPlan(feedback.follow_up, feedback.follow_up_point)
    open_points.sort(key=lambda p: (p.importance != "must", -p.weight))
    if open_points and open_points[0].importance == "must":
        point = open_points[0]
        return FollowUpPlan(probe_gap(point), point.id)
    covered = sorted((p for p in points if p not in open_points), key=lambda p: -p.weight)
    if covered:
        return FollowUpPlan(probe_depth(covered[0], verdicts[covered[0].id].quote), covered[0].id)
    if open_points:
        return FollowUpPlan(probe_gap(open_points[0]), open_points[0].id)
    return None


def probe_gap(point: KeyPoint) -> str:
    """Ask about the missing point by its name, without giving the answer away."""
    name = next((p for p in point.phrasings if 1 <= len(p.split()) <= 3), None)
    if name:
        return f"How does {name} come into this, and why does it matter?"
    return "What else would you add? Think about what your answer left out."


def probe_depth(point: KeyPoint, quote: str) -> str:
    """Ask for depth on what the candidate said, in their own words."""
    said = f' You said: "{quote[:80]}{"…" if len(quote) > 80 else ""}".' if quote else ""
    return f"Let's go deeper.{said} When would that not work, and what does it cost?"


def follow_up_rubric(rubric: Rubric, point_id: str) -> Rubric:
    """Grade a follow-up answer against the one point it targets."""
    point = rubric.point(point_id).model_copy(update={"weight": 1.0})
    return rubric.model_copy(update={"key_points": [point]})


def recovered(feedback: Feedback, point_id: str) -> bool:
    return any(v.point_id == point_id and v.verdict == Verdict.COVERED for v in feedback.verdicts)
