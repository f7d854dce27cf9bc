"""What a grader returns: verdicts per key point with quoted evidence, and where the grade came from."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from interviewer import graders
from interviewer.domain.rubrics import Dimension, StarElement


class Verdict(StrEnum):
    COVERED = "covered"
    PARTIAL = "partial"
    NAMED = "named"  # the point's term with nothing said about it
    MISSING = "missing"
    INCORRECT = "incorrect"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: a fast start


class PointVerdict(_Model):
    point_id: str
    verdict: Verdict
    quote: str = Field(default="", description="Verbatim from the answer; empty when missing.")
    reason: str = ""
    downgraded: bool = Field(default=False, description="The grader's quote was not in the answer.")


class MisconceptionFound(_Model):
    misconception_id: str | None = Field(default=None, description="The rubric's id, or None for one the grader found.")
    statement: str
    quote: str
    correction: str = ""


class DimensionScore(_Model):
    dimension: Dimension
    score: int = Field(ge=1, le=5)
    justification: str = ""


class StarCoverage(_Model):
    element: StarElement
    present: bool
    quote: str = ""


class Provenance(_Model):
    grader: str  # one of graders.PROVENANCE_NAMES
    model: str | None = None
    endpoint_host: str | None = None
    prompt_version: str | None = None
    rubric_id: str
    rubric_hash: str
    temperature: float | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = Field(
        default=0, description="Of prompt_tokens, those the endpoint reports it served from its prompt cache.")
    latency_ms: float = 0.0
    fallback: bool = Field(default=False, description="True when this grade replaced a failed LLM grade.")
    fallback_reason: str | None = None

    @field_validator("grader")
    @classmethod
    def _known_grader(cls, value: str) -> str:
        return graders.known(value, graders.PROVENANCE_NAMES)


class Feedback(_Model):
    question_id: str
    score: float = Field(ge=0, le=10, description="Computed in code from the verdicts; never a model's number.")
    valid_answer: bool = True
    gate_reason: str | None = Field(default=None, description="Why an answer scored 0 without grading.")
    verdicts: list[PointVerdict] = Field(default_factory=list)
    misconceptions: list[MisconceptionFound] = Field(default_factory=list)
    dimensions: list[DimensionScore] = Field(default_factory=list)
    star: list[StarCoverage] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list, description="What landed.")
    to_sharpen: list[str] = Field(default_factory=list)
    stronger_answer: str = ""
    follow_up: str | None = None
    follow_up_point: str | None = Field(default=None, description="The key point the follow-up probes.")
    flags: list[str] = Field(default_factory=list, description="E.g. the answer tried to instruct the grader.")
    notes: list[str] = Field(default_factory=list, description="What the app changed, e.g. a downgraded verdict.")
    provenance: Provenance
