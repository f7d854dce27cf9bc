"""Grade one answer: the validity gate first, then the grader, then (if it fails) a labelled fallback."""

from __future__ import annotations

from dataclasses import replace

from interviewer.domain.feedback import Feedback, Provenance
from interviewer.grading.base import Grader, GradeRequest, PartialFeedback
from interviewer.grading.gate import gate_reason
from interviewer.grading.scoring import with_hint_penalty
from interviewer.grading.stronger import stronger_answer
from interviewer.llm.errors import LLMError


# What a grader reads of one answer: far more than anyone says in an interview answer (about 5,000 tokens),
# so a pasted file cannot run up an LLM bill, overflow a local model's context, or stall the offline grader.
MAX_ANSWER_CHARS = 20_000


def capped(request: GradeRequest) -> tuple[GradeRequest, list[str]]:
    """The request as graders see it, and a note for the feedback when the answer was cut."""
    if len(request.answer) <= MAX_ANSWER_CHARS:
        return request, []
    note = (f"Your answer has {len(request.answer):,} characters; the grader read the first {MAX_ANSWER_CHARS:,} "
            "only (the whole answer is kept).")
    return replace(request, answer=request.answer[:MAX_ANSWER_CHARS]), [note]


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
    request, notes = capped(request)
    reason = gate_reason(request.question, request.answer, request.follow_up_context)
    if reason:
        return _with_notes(gated_feedback(request, reason), notes)
    try:
        feedback = await grader.grade(request, on_partial)
    except LLMError as exc:
        if fallback is None:
            raise
        feedback = await fallback.grade(request)
        provenance = feedback.provenance.model_copy(update={"fallback": True, "fallback_reason": exc.message})
        feedback = feedback.model_copy(update={"provenance": provenance})
    return with_hint_penalty(_with_notes(feedback, notes), request.hints)


def _with_notes(feedback: Feedback, notes: list[str]) -> Feedback:
    return feedback.model_copy(update={"notes": feedback.notes + notes}) if notes else feedback
