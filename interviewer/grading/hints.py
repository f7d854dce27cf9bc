"""A hint names the topic of the most important point the draft has not made yet, not the point itself."""

from __future__ import annotations

from interviewer.domain.feedback import Verdict
from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric
from interviewer.grading.base import GradeRequest
from interviewer.grading.offline import OfflineGrader


def hint_for(question: Question, rubric: Rubric, draft: str, already: list[str]) -> str | None:
    """Offline-grade the draft (milliseconds) and name the heaviest open point's shortest phrasing."""
    feedback = OfflineGrader().grade_now(GradeRequest(question, rubric, draft or "."))
    covered = {v.point_id for v in feedback.verdicts if v.verdict == Verdict.COVERED}
    for point in sorted(rubric.key_points, key=lambda p: (p.importance != "must", -p.weight)):
        if point.id in covered or not point.phrasings:
            continue
        word = min(point.phrasings, key=len)
        if word not in already:
            return word
    return None
