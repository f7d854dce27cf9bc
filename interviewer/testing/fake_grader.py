"""A scripted grader with the real interface, for tests and demos (like llm's mock model)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from interviewer.domain.feedback import Feedback, PointVerdict, Provenance, Verdict
from interviewer.grading.base import GradeRequest, PartialFeedback
from interviewer.grading.scoring import compute_score

Script = Callable[[GradeRequest], Feedback | Exception]


class ScriptedGrader:
    """Replays scripted outcomes in order: a Feedback, an exception to raise, or a callable of the request.

    With no script left it marks every key point whose id appears in the answer as covered, so
    tests can write answers that say exactly which points they make.
    """

    kind = "fake"

    def __init__(self, script: Iterable[Feedback | Exception | Script] = ()) -> None:
        self.script = list(script)
        self.requests: list[GradeRequest] = []

    async def grade(self, request: GradeRequest, on_partial: PartialFeedback | None = None) -> Feedback:
        self.requests.append(request)
        if self.script:
            step = self.script.pop(0)
            outcome = step(request) if callable(step) else step
            if isinstance(outcome, Exception):
                raise outcome
            return outcome
        verdicts = [
            PointVerdict(point_id=p.id, verdict=Verdict.COVERED, quote=p.id) if p.id in request.answer
            else PointVerdict(point_id=p.id, verdict=Verdict.MISSING)
            for p in request.rubric.key_points
        ]
        return Feedback(
            question_id=request.question.id,
            score=compute_score(request.rubric, verdicts, []),
            verdicts=verdicts,
            provenance=Provenance(grader="fake", model="scripted", rubric_id=request.rubric.question_id,
                                  rubric_hash=request.rubric.content_hash()),
        )
