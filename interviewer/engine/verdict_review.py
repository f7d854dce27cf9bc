"""The candidate's review of a grade: confirm or change one key point's verdict. The change is an event; the
reviewed verdicts are scored again from the rubric and move the review schedule in place of the grader's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from interviewer.domain.events import VerdictReviewed
from interviewer.domain.feedback import Feedback, Verdict
from interviewer.domain.review import grader_verdict, overlay
from interviewer.domain.rubrics import Rubric
from interviewer.domain.session import FollowUp, QuestionRecord, VerdictReview
from interviewer.errors import BadInputError
from interviewer.grading.scoring import HINT_COST, compute_score

if TYPE_CHECKING:
    from interviewer.engine.coach import Coach, GradeJob

REASON_LIMIT = 200  # one line, as typed on the feedback screen


def target_of(item: QuestionRecord, follow_up: int | None) -> QuestionRecord | FollowUp:
    return item if follow_up is None else item.follow_ups[follow_up]


def source_of(session_id: str, index: int, follow_up: int | None) -> str:
    """The review schedule's name for one answer (see drill.schedule.ReviewState.source)."""
    return f"{session_id}/{index}" + ("" if follow_up is None else f"/{follow_up}")


def reviewed_score(rubric: Rubric, grader: Feedback, reviews: Mapping[str, VerdictReview], hints: int = 0) -> float:
    """The score of `grader`'s feedback with `reviews` overlaid. Only confirmations: the grader's score as it
    was. A misconception that reverses a point the candidate judged is that point's matter now, not a penalty."""
    if not any(r.changed for r in reviews.values()):
        return grader.score
    verdicts = overlay(grader, reviews, grader.score).verdicts
    kept = kept_misconceptions(rubric, grader, reviews)
    return round(max(0.0, compute_score(rubric, verdicts, kept) - HINT_COST * hints), 1)


def kept_misconceptions(rubric: Rubric, grader: Feedback, reviews: Mapping[str, VerdictReview]) -> list:
    """The grader's misconceptions less those reversing a point the candidate judged (their verdict rules it)."""
    reverses = {m.id: m.reverses for m in rubric.misconceptions}
    return [m for m in grader.misconceptions if reverses.get(m.misconception_id or "") not in reviews]


def disagreements(feedback: Feedback, reviews: Mapping[str, VerdictReview]) -> list[tuple[str, Verdict, Verdict]]:
    """(point id, the grader's verdict, yours) where a grade disagrees with the candidate's reviews."""
    return [(point_id, grader_verdict(feedback, point_id), r.verdict) for point_id, r in reviews.items()
            if grader_verdict(feedback, point_id) != r.verdict]


def one_line(reason: str) -> str:
    line = " ".join(reason.split())
    return line[:REASON_LIMIT]


def review_verdict(coach: Coach, job: GradeJob, point_id: str, verdict: Verdict, reason: str = "") -> Feedback:
    """Record the candidate's verdict on `point_id` of the answer `job`; returns the reviewed feedback.
    Raises BadInputError when the answer has no grade to review or the point is not in its rubric."""
    interview = coach.live
    item = interview.record.records[job.index]
    target = target_of(item, job.follow_up)
    grader = target.grader_grade
    if grader is None:
        raise BadInputError("this answer has no grade yet: review its verdicts once it is graded")
    if not grader.valid_answer:
        raise BadInputError(f"this answer was not graded ({grader.gate_reason}): there are no verdicts to review")
    rubric = coach.request(job).rubric
    if point_id not in {p.id for p in rubric.key_points}:
        raise BadInputError(f"{point_id!r} is not a key point of this answer's rubric")
    at = coach.clock.wall()
    review = VerdictReview(point_id=point_id, grader_verdict=grader_verdict(grader, point_id), verdict=verdict,
                           reason=one_line(reason), at=at)
    reviews = {**target.reviews, point_id: review}
    hints = len(item.hints) if job.follow_up is None else 0
    score = reviewed_score(rubric, grader, reviews, hints)
    schedule = coach.schedule.model_copy(deep=True)  # moved in memory once the review is stored
    keys = _move_schedule(schedule, interview.record.id, item, job, overlay(grader, reviews, score))
    interview.write(VerdictReviewed(at=at, index=job.index, follow_up=job.follow_up, point_id=point_id,
                                    grader_verdict=review.grader_verdict, verdict=verdict, reason=review.reason,
                                    score=score), schedule.rows(keys))
    coach.schedule = schedule
    reviewed = target_of(interview.record.records[job.index], job.follow_up).feedback
    assert reviewed is not None  # a review is of a graded answer, and leaves it graded
    return reviewed


def _move_schedule(schedule, session_id: str, item: QuestionRecord, job: GradeJob, reviewed: Feedback) -> list[str]:
    """The reviewed verdicts replace the grader's in the review this answer made (if it is still the last)."""
    from interviewer.drill.schedule import redo_feedback

    source = source_of(session_id, job.index, job.follow_up)
    if job.follow_up is None:
        return redo_feedback(schedule, item.question_id, reviewed, source)
    asked = item.follow_ups[job.follow_up]
    if asked.target_point is None or asked.recovered is None:
        return []  # a depth follow-up moved no review
    key = f"{item.question_id}#{asked.target_point}"
    closed = any(v.point_id == asked.target_point and v.verdict == Verdict.COVERED for v in reviewed.verdicts)
    return [key] if schedule.redo(key, 4 if closed else 1, source) else []
