"""Grade one answer: the validity gate first, then the grader, then (if it fails) a labelled fallback."""

from __future__ import annotations

from interviewer.domain.feedback import Feedback, Provenance
from interviewer.grading.base import Grader, GradeRequest, PartialFeedback
from interviewer.grading.gate import gate_reason
from interviewer.grading.scoring import with_hint_penalty
from interviewer.grading.stronger import stronger_answer
from interviewer.llm.errors import LLMError


def gated_feedback(request: GradeRequest, reason: str) -> Feedback:
    return Feedback(
        question_id=request.question.id,
        score=0.0,
        valid_answer=False,
        gate_reason=reason,
        to_sharpen=[f"Cover: {p.statement}" for p in request.rubric.key_points if p.importance == "must"],
        stronger_answer=stronger_answer(request.rubric, [], request.question.kind),
        provenance=Provenance(grader="gate", rubric_id=request.rubric.question_id, rubric_hash=request.rubric.content_hash()),
    )


async def grade(request: GradeRequest, grader: Grader, fallback: Grader | None = None,
                on_partial: PartialFeedback | None = None) -> Feedback:
    reason = gate_reason(request.question, request.answer, request.follow_up_context)
    if reason:
        return gated_feedback(request, reason)
    try:
        feedback = await grader.grade(request, on_partial)
    except LLMError as exc:
        if fallback is None:
            raise
        feedback = await fallback.grade(request)
        provenance = feedback.provenance.model_copy(update={"fallback": True, "fallback_reason": exc.message})
        feedback = feedback.model_copy(update={"provenance": provenance})
    return with_hint_penalty(feedback, request.hints)
