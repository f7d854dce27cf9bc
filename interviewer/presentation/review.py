"""What the review screen lists: each key point of a graded answer with the verdict in force, the grader's,
and what the candidate said about it; and the keys that set a verdict. The screen only draws these."""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.domain.feedback import Verdict
from interviewer.domain.review import grader_verdict
from interviewer.domain.rubrics import Rubric
from interviewer.domain.session import FollowUp, QuestionRecord, SessionRecord
from interviewer.presentation.view import MARK, graded_label

# One key per verdict, the first letter of the word the candidate thinks in ("wrong" for incorrect).
VERDICT_KEYS = {"c": Verdict.COVERED, "p": Verdict.PARTIAL, "n": Verdict.NAMED, "m": Verdict.MISSING,
                "w": Verdict.INCORRECT}
HOW = "↑↓ point · c covered · p partial · n named · m missing · w wrong · enter confirm · e reason · esc done"


@dataclass(frozen=True)
class ReviewLine:
    point_id: str
    statement: str
    mark: str
    verdict: Verdict  # in force: the candidate's where they reviewed it, else the grader's
    grader: Verdict
    status: str  # "", "confirmed", "changed"
    reason: str


def review_lines(graded: QuestionRecord | FollowUp, rubric: Rubric) -> list[ReviewLine]:
    """Every key point of the rubric the answer was graded against, in the rubric's order."""
    feedback, grader = graded.feedback, graded.grader_grade
    assert feedback is not None and grader is not None, "only a graded answer is reviewed"
    lines = []
    for point in rubric.key_points:
        review = graded.reviews.get(point.id)
        verdict = grader_verdict(feedback, point.id)
        status = "" if review is None else "changed" if review.changed else "confirmed"
        lines.append(ReviewLine(point.id, point.statement, MARK[verdict], verdict, grader_verdict(grader, point.id),
                                status, review.reason if review else ""))
    return lines


def reviewable(record: SessionRecord, index: int, *, live: bool) -> bool:
    """Whether question `index`'s verdicts can be reviewed now: graded (past the validity check), and not in
    the middle of a strict interview (a strict interview shows no grade until its report)."""
    item = record.records[index]
    grade = item.grader_grade
    if grade is None or not grade.valid_answer:
        return False
    return not (live and record.config.mode == "strict" and not record.finished)


def review_heading(number: int, graded: QuestionRecord | FollowUp) -> str:
    return f"Review the grader's verdicts · question {number} · score {graded_label(graded)}"
