"""The LLM grader: structured verdicts from an OpenAI-compatible model, checked and scored in code."""

from __future__ import annotations

import secrets
from typing import Literal

from pydantic import BaseModel, create_model, field_validator, model_validator

from interviewer.domain.feedback import (
    DimensionScore,
    Feedback,
    MisconceptionFound,
    PointVerdict,
    Provenance,
    StarCoverage,
    Verdict,
)
from interviewer.domain.rubrics import Dimension, Rubric, StarElement
from interviewer.grading.base import GradeRequest, PartialFeedback
from interviewer.grading.evidence import check_quotes, quote_in_answer, without_injections
from interviewer.grading.prompts import PROMPT_VERSION, build_messages
from interviewer.grading.scoring import compute_score
from interviewer.llm.client import endpoint_host, make_client
from interviewer.llm.structured import StructuredCaller
from interviewer.settings import Settings


class MisconceptionOut(BaseModel):
    misconception_id: str
    statement: str
    quote: str
    correction: str


class DimensionOut(BaseModel):
    dimension: Literal["technical_accuracy", "completeness", "clarity_structure", "depth"]
    justification: str
    score: int

    @field_validator("score")
    @classmethod
    def _range(cls, value: int) -> int:
        if not 1 <= value <= 5:
            raise ValueError("dimension scores are 1-5")
        return value


class StarOut(BaseModel):
    element: Literal["situation", "task", "action", "result", "reflection"]
    quote: str
    present: bool


def grade_schema(rubric: Rubric) -> type[BaseModel]:
    """The reply schema for this rubric: point ids are an enum, and each must appear exactly once."""
    ids = tuple(p.id for p in rubric.key_points)
    point = create_model(
        "PointVerdictOut",
        point_id=(Literal[ids], ...),
        evidence_quote=(str, ...),
        reason=(str, ...),
        verdict=(Literal["covered", "partial", "missing", "incorrect"], ...),
    )

    def every_point_once(self):
        seen = [v.point_id for v in self.point_verdicts]
        if sorted(seen) != sorted(ids):
            raise ValueError(f"point_verdicts must hold each of {list(ids)} exactly once; got {seen}")
        return self

    return create_model(
        "GradeOut",
        point_verdicts=(list[point], ...),
        misconceptions=(list[MisconceptionOut], ...),
        dimensions=(list[DimensionOut], ...),
        star=(list[StarOut], ...),
        strengths=(list[str], ...),
        to_sharpen=(list[str], ...),
        stronger_answer=(str, ...),
        follow_up=(str, ...),
        follow_up_point_id=(str, ...),
        addresses_grader=(bool, ...),
        __validators__={"every_point_once": model_validator(mode="after")(every_point_once)},
    )


class OpenAIGrader:
    kind = "openai"

    def __init__(self, caller: StructuredCaller, settings: Settings) -> None:
        self.caller = caller
        self.settings = settings

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIGrader:
        return cls(StructuredCaller(make_client(settings), settings), settings)

    async def grade(self, request: GradeRequest, on_partial: PartialFeedback | None = None) -> Feedback:
        rubric, answer = request.rubric, request.answer
        nonce = secrets.token_hex(8)
        reply = await self.caller.call(build_messages(request, nonce), grade_schema(rubric), "interview_grade", on_partial)
        out = reply.value
        # Evidence must come from the answer itself, not from text addressed to the grader.
        evidence_text, injected = without_injections(answer)
        verdicts, notes = check_quotes(evidence_text, [
            PointVerdict(point_id=v.point_id, verdict=Verdict(v.verdict), quote=v.evidence_quote, reason=v.reason)
            for v in out.point_verdicts
        ])
        known = {m.id for m in rubric.misconceptions}
        misconceptions = [
            MisconceptionFound(misconception_id=m.misconception_id if m.misconception_id in known else None,
                               statement=m.statement, quote=m.quote, correction=m.correction)
            for m in out.misconceptions if quote_in_answer(m.quote, answer)
        ]
        flags = [f"Ignored text addressed to the grader: {s[:120]!r}" for s in injected]
        if out.addresses_grader and not flags:
            flags.append("The grader found text in the answer addressed to it; it was ignored.")
        return Feedback(
            question_id=request.question.id,
            score=compute_score(rubric, verdicts, misconceptions),
            verdicts=verdicts,
            misconceptions=misconceptions,
            dimensions=[DimensionScore(dimension=Dimension(d.dimension), score=d.score, justification=d.justification)
                        for d in out.dimensions],
            star=[StarCoverage(element=StarElement(s.element), present=s.present and quote_in_answer(s.quote, answer),
                               quote=s.quote) for s in out.star],
            strengths=out.strengths,
            to_sharpen=out.to_sharpen,
            stronger_answer=out.stronger_answer,
            follow_up=out.follow_up or None,
            follow_up_point=out.follow_up_point_id if out.follow_up_point_id in {p.id for p in rubric.key_points} else None,
            flags=flags,
            notes=notes,
            provenance=Provenance(
                grader="openai",
                model=self.settings.model,
                endpoint_host=endpoint_host(self.settings),
                prompt_version=PROMPT_VERSION,
                rubric_id=rubric.question_id,
                rubric_hash=rubric.content_hash(),
                temperature=self.settings.temperature,
                prompt_tokens=reply.usage.prompt_tokens,
                completion_tokens=reply.usage.completion_tokens,
                latency_ms=reply.latency_ms,
            ),
        )
