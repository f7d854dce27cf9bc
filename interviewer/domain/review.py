"""The candidate's review of a grade: the grader's verdicts overlaid with the candidate's, scored again.

The grader's record is never edited; the reviewed feedback is built from it and the reviews, so either can
be shown, and a new grade (regrade) is overlaid with the same reviews."""

from __future__ import annotations

from collections.abc import Mapping

from interviewer.domain.feedback import Feedback, PointVerdict, Verdict
from interviewer.domain.session import VerdictReview


def overlay(feedback: Feedback, reviews: Mapping[str, VerdictReview], score: float) -> Feedback:
    """`feedback` with each reviewed point's verdict replaced by the candidate's (the quote kept, the reason
    theirs), the points the grader gave no verdict added, and `score` (computed by the caller from these
    verdicts and the rubric) as its score."""
    verdicts = [_reviewed(v, reviews.get(v.point_id)) for v in feedback.verdicts]
    judged = {v.point_id for v in feedback.verdicts}
    verdicts += [PointVerdict(point_id=r.point_id, verdict=r.verdict, reason=_why(r))
                 for r in reviews.values() if r.point_id not in judged]
    return feedback.model_copy(update={"verdicts": verdicts, "score": score})


def _reviewed(verdict: PointVerdict, review: VerdictReview | None) -> PointVerdict:
    if review is None or not review.changed:
        return verdict
    quote = "" if review.verdict == Verdict.MISSING else verdict.quote  # the candidate says it is not there
    return verdict.model_copy(update={"verdict": review.verdict, "reason": _why(review), "quote": quote})


def _why(review: VerdictReview) -> str:
    said = f"{review.grader_verdict} by the grader, {review.verdict} by you"
    return f"{said}: {review.reason}" if review.reason else said


def grader_verdict(feedback: Feedback, point_id: str) -> Verdict:
    """The grader's verdict on a point (a point it gave none counts as missing, as the score counts it)."""
    return next((v.verdict for v in feedback.verdicts if v.point_id == point_id), Verdict.MISSING)
