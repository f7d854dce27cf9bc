"""The LLM grader: structured verdicts from an OpenAI-compatible model, checked and scored in code."""

from __future__ import annotations

import secrets

from pydantic import BaseModel

from interviewer.domain.feedback import (
    DimensionScore,
    Feedback,
    MisconceptionFound,
    PointVerdict,
    Provenance,
    StarCoverage,
    Verdict,
)
from interviewer.domain.questions import Kind
from interviewer.domain.rubrics import Dimension, StarElement
from interviewer.grading.base import GradeRequest, PartialFeedback
from interviewer.grading.evidence import quote_in_answer, without_injections
from interviewer.grading.meaning import shipped_opinion
from interviewer.grading.prompts import PROMPT_VERSION, build_messages
from interviewer.grading.reply_schema import by_key, grade_schema
from interviewer.grading.scoring import compute_score
from interviewer.grading.verdict_check import check_verdicts
from interviewer.llm.client import endpoint_host, make_client
from interviewer.llm.port import StructuredLLM, Usage
from interviewer.llm.structured import StructuredCaller
from interviewer.settings import Settings


class OpenAIGrader:
    kind = "openai"

    def __init__(self, caller: StructuredLLM, settings: Settings) -> None:
        self.caller = caller
        self.settings = settings

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIGrader:
        return cls(StructuredCaller(make_client(settings.llm), settings.llm), settings)

    async def grade(self, request: GradeRequest, on_partial: PartialFeedback | None = None) -> Feedback:
        messages, output = grade_prompt(request, secrets.token_hex(8))
        reply = await self.caller.call(messages, output, GRADE_SCHEMA_NAME, on_partial)
        return feedback_from_reply(request, reply.value, reply.usage, reply.latency_ms, self.settings)


GRADE_SCHEMA_NAME = "interview_grade"


def grade_prompt(request: GradeRequest, nonce: str) -> tuple[list[dict[str, str]], type[BaseModel]]:
    """The messages and the reply schema of one grading request (online calls and batch lines alike)."""
    experience = request.question.kind == Kind.EXPERIENCE
    return build_messages(request, nonce), grade_schema(request.rubric, experience)


def feedback_from_reply(request: GradeRequest, out: BaseModel, usage: Usage, latency_ms: float,
                        settings: Settings) -> Feedback:
    """A validated reply checked against the answer and the rubric, and scored in code."""
    rubric, answer, question = request.rubric, request.answer, request.question
    experience = question.kind == Kind.EXPERIENCE
    # Evidence must come from the answer itself, not from text addressed to the grader.
    evidence_text, injected = without_injections(answer)
    checked = check_verdicts(rubric, question.text, evidence_text, [
        PointVerdict(point_id=point_id, verdict=Verdict(v.verdict), quote=v.evidence_quote, reason=v.reason)
        for point_id, v in by_key(out.verdicts).items()
    ], shipped_opinion(), experience=experience)
    verdicts = checked.verdicts
    known = {m.id for m in rubric.misconceptions}
    misconceptions = [
        MisconceptionFound(misconception_id=m.misconception_id if m.misconception_id in known else None,
                           statement=m.statement, quote=m.quote, correction=m.correction)
        for m in out.misconceptions if quote_in_answer(m.quote, evidence_text)
    ]
    flags = [f"Ignored text addressed to the grader: {s[:120]!r}" for s in injected]
    if out.addresses_grader and not flags:
        flags.append("The grader found text in the answer addressed to it; it was ignored.")
    star = by_key(out.star) if experience else {}
    return Feedback(
        question_id=request.question.id,
        score=compute_score(rubric, verdicts, misconceptions),
        verdicts=verdicts,
        misconceptions=misconceptions,
        dimensions=[DimensionScore(dimension=Dimension(name), score=d.score, justification=d.justification)
                    for name, d in by_key(out.dimensions).items()],
        star=[StarCoverage(element=StarElement(name), present=s.present and quote_in_answer(s.quote, evidence_text),
                           quote=s.quote) for name, s in star.items()],
        strengths=out.strengths,
        to_sharpen=out.to_sharpen,
        stronger_answer=out.stronger_answer,
        follow_up=out.follow_up or None,
        follow_up_point=out.follow_up_point_id or None,
        flags=flags + checked.flags,
        notes=checked.notes,
        provenance=Provenance(
            grader="openai",
            model=settings.model,
            endpoint_host=endpoint_host(settings),
            prompt_version=PROMPT_VERSION,
            rubric_id=rubric.question_id,
            rubric_hash=rubric.content_hash(),
            temperature=settings.temperature,
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            cached_tokens=usage.cached_tokens,
            latency_ms=latency_ms,
        ),
    )
