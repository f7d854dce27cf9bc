"""The overall score is computed here, from verdicts and rubric weights, never taken from a model."""

from __future__ import annotations

from interviewer.domain.feedback import Feedback, MisconceptionFound, PointVerdict, Verdict
from interviewer.domain.rubrics import Rubric

CREDIT = {Verdict.COVERED: 1.0, Verdict.PARTIAL: 0.5, Verdict.NAMED: 0.2, Verdict.MISSING: 0.0, Verdict.INCORRECT: 0.0}
UNLISTED_MISCONCEPTION_PENALTY = -0.05  # a wrong claim the rubric did not anticipate
HINT_COST = 1.0  # points off the 0-10 score per hint shown


def compute_score(rubric: Rubric, verdicts: list[PointVerdict], misconceptions: list[MisconceptionFound]) -> float:
    """0-10: weighted credit per key point, minus misconception penalties (each a share of 10 points)."""
    by_id = {v.point_id: v.verdict for v in verdicts}
    earned = sum(p.weight * CREDIT[by_id.get(p.id, Verdict.MISSING)] for p in rubric.key_points)
    penalties = {m.id: m.weight for m in rubric.misconceptions}
    # Each rubric misconception counts once, however often it is quoted.
    found = {m.misconception_id for m in misconceptions if m.misconception_id in penalties}
    penalty = sum(penalties[i] for i in found)
    penalty += UNLISTED_MISCONCEPTION_PENALTY * sum(1 for m in misconceptions if m.misconception_id not in penalties)
    total = sum(p.weight for p in rubric.key_points) or 1.0
    return round(max(0.0, min(10.0, 10 * (earned / total + penalty))), 1)


def with_hint_penalty(feedback: Feedback, hints: int) -> Feedback:
    """The grade after hints: HINT_COST off per hint, never below 0, and the feedback says so."""
    if not hints or not feedback.valid_answer:
        return feedback
    score = round(max(0.0, feedback.score - HINT_COST * hints), 1)
    note = f"{HINT_COST * hints:g} point(s) off for {hints} hint(s): {feedback.score:g} -> {score:g}."
    return feedback.model_copy(update={"score": score, "notes": [*feedback.notes, note]})
