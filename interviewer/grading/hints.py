"""A hint points at the most important point the draft has not made yet, without stating it: the
question the rubric's reviewer wrote to draw that point out (a probe never contains the point's
phrasings), or, for a draft rubric with no probes, the point's fullest phrasing (the shortest was often
an abbreviation that read like an id, "think about mlm")."""

from __future__ import annotations

from interviewer.domain.feedback import Verdict
from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric
from interviewer.grading.base import GradeRequest
from interviewer.grading.offline import OfflineGrader


def hint_for(question: Question, rubric: Rubric, draft: str, already: list[str]) -> str | None:
    """Offline-grade the draft (milliseconds) and point at the heaviest open point not hinted at yet."""
    feedback = OfflineGrader().grade_now(GradeRequest(question, rubric, draft or "."))
    covered = {v.point_id for v in feedback.verdicts if v.verdict == Verdict.COVERED}
    for point in sorted(rubric.key_points, key=lambda p: (p.importance != "must", -p.weight)):
        if point.id in covered:
            continue
        hints = point.probes[:1] or sorted(point.phrasings, key=len, reverse=True)[:1]
        if hints and hints[0] not in already:
            return hints[0]
    return None
