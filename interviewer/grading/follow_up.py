"""Choosing a follow-up question, as an interviewer would: probe the most important gap with the question
written for it in the rubric, or, when nothing important is missing, push a full answer further with a
depth probe. Also the small rubric a follow-up answer is graded against, and whether it closed a gap."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from interviewer.domain.feedback import Feedback, Verdict
from interviewer.domain.rubrics import KeyPoint, Rubric


@dataclass(frozen=True)
class FollowUpPlan:
    text: str
    point_id: str


def choose_follow_up(rubric: Rubric, feedback: Feedback, already: Collection[str] = frozenset(),
                     asked: Collection[str] = frozenset()) -> FollowUpPlan | None:
    """The grader's proposal when it targets an open point; else a probe for the heaviest open must-have
    point; else a depth probe (tied to the heaviest covered point, which its answer is graded against);
    else a probe for an open nice-to-have point. `already` holds the point ids probed so far, `asked` the
    questions already put to the candidate: neither is repeated. None when nothing is left to ask."""
    verdicts = {v.point_id: v.verdict for v in feedback.verdicts}
    points = [p for p in rubric.key_points if p.id not in already]
    open_points = [p for p in points if verdicts.get(p.id) != Verdict.COVERED]
    proposed = feedback.follow_up if feedback.follow_up not in asked else None
    if proposed and feedback.follow_up_point in {p.id for p in open_points}:
        return FollowUpPlan(proposed, feedback.follow_up_point)
    open_points.sort(key=lambda p: (p.importance != "must", -p.weight))
    musts = [p for p in open_points if p.importance == "must"]
    covered = sorted((p for p in points if p not in open_points), key=lambda p: -p.weight)
    plan = _gap_plan(musts, asked) or _depth_plan(rubric, covered, already, verdicts, asked)
    return plan or _gap_plan(open_points, asked)


def _gap_plan(points: list[KeyPoint], asked: Collection[str]) -> FollowUpPlan | None:
    """The first point (in the given order) with a probe not yet asked. Points without probes (an unreviewed
    draft rubric) are not probed: a question pasted together from the point's words is no interview question."""
    for point in points:
        probe = next((q for q in point.probes if q not in asked), None)
        if probe:
            return FollowUpPlan(probe, point.id)
    return None


def _depth_plan(rubric: Rubric, covered: list[KeyPoint], already: Collection[str], verdicts: dict,
                asked: Collection[str]) -> FollowUpPlan | None:
    if not covered:
        return None
    # Each depth follow-up uses up one covered point, so the number used so far picks the next probe in order.
    used = sum(1 for p in rubric.key_points if p.id in already and verdicts.get(p.id) == Verdict.COVERED)
    ordered = rubric.depth_probes[used:] + rubric.depth_probes[:used]
    probe = next((q for q in ordered if q not in asked), None)
    return FollowUpPlan(probe, covered[0].id) if probe else None


def follow_up_rubric(rubric: Rubric, point_id: str) -> Rubric:
    """Grade a follow-up answer against the one point it targets."""
    point = rubric.point(point_id).model_copy(update={"weight": 1.0})
    return rubric.model_copy(update={"key_points": [point]})


def recovered(before: Feedback | None, after: Feedback, point_id: str) -> bool | None:
    """Whether a follow-up answer closed a gap: None when there was no gap (the point was already covered,
    so the follow-up asked for depth); True only when the answer passed the validity gate and covers it."""
    if before is not None and any(v.point_id == point_id and v.verdict == Verdict.COVERED for v in before.verdicts):
        return None
    return after.valid_answer and any(v.point_id == point_id and v.verdict == Verdict.COVERED for v in after.verdicts)
