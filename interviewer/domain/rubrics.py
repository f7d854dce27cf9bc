"""Rubrics: what a good answer to one question says, checked point by point."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from interviewer.domain.questions import Question, Slug, Text

RUBRIC_FORMAT_VERSION = 1


MIN_POINTS, MAX_POINTS = 3, 8  # key points a rubric may have: fewer is not a rubric, more is a checklist


class Dimension(StrEnum):
    ACCURACY = "technical_accuracy"
    COMPLETENESS = "completeness"
    CLARITY = "clarity_structure"
    DEPTH = "depth"


class StarElement(StrEnum):
    SITUATION = "situation"
    TASK = "task"
    ACTION = "action"
    RESULT = "result"
    REFLECTION = "reflection"


Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: a fast start


class KeyPoint(_Strict):
    id: Slug
    statement: Text = Field(description="One sentence an answer can be checked against on its own.")
    weight: float = Field(gt=0, description="Share of the score; the weights of a rubric sum to 1.")
    importance: Literal["must", "nice"] = "must"
    probes: list[Text] = Field(
        default_factory=list, description="Questions an interviewer asks to draw this point out, without naming it."
    )
    phrasings: list[Phrase] = Field(default_factory=list, description="Accepted wordings and synonyms.")
    from_references: list[int] = Field(
        default_factory=list, description="1-based numbers of the reference answers naming this point; empty = added in review."
    )
    story: StarElement | None = Field(
        default=None, description="Experience questions: the part of the candidate's story (STAR) that shows this point."
    )


class Misconception(_Strict):
    id: Slug
    statement: Text = Field(description="A wrong claim, stated as a candidate might make it.")
    weight: float = Field(lt=0, ge=-1, description="Subtracted (as a share of 10 points) when the answer makes it.")
    phrasings: list[Phrase] = Field(default_factory=list)
    correction: Text | None = None
    reverses: Slug | None = Field(
        default=None, description="The key point this wrong claim denies or turns around, when it is one's reversal."
    )


class StarCriterion(_Strict):
    element: StarElement
    description: Text


class Rubric(_Strict):
    question_id: Slug
    version: int = Field(default=1, ge=1, description="Bumped on every reviewed edit.")
    format: int = RUBRIC_FORMAT_VERSION
    reference_hash: str = Field(pattern=r"^[0-9a-f]{16}$")
    status: Literal["draft", "reviewed"] = "draft"
    built_by: Literal["extractor", "llm", "human"] = "extractor"
    model_answer: Text | None = Field(
        default=None, description="What a strong candidate would say aloud in 45-90 s (120-250 words)."
    )
    depth_probes: list[Text] = Field(
        default_factory=list, description="Questions that push a full answer further (mechanisms, trade-offs)."
    )
    key_points: list[KeyPoint]
    misconceptions: list[Misconception] = Field(default_factory=list)
    star: list[StarCriterion] = Field(default_factory=list, description="Experience questions only.")
    dimensions: dict[Dimension, dict[int, str]] | None = Field(
        default=None, description="Overrides of the standard 1-5 anchors (interviewer.rubric.dimensions)."
    )

    def point(self, point_id: str) -> KeyPoint:
        return next(p for p in self.key_points if p.id == point_id)

    def content_hash(self) -> str:
        """Identifies this exact rubric (for grade provenance): any edit changes it. Unset optional fields are
        left out, so adding one to the format does not change every rubric's hash."""
        payload = self.model_dump_json(exclude={"reference_hash"}, exclude_none=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def reference_hash(question: Question) -> str:
    """Hash of what a rubric is built from: the question's text and reference answers."""
    payload = json.dumps(
        [question.text, [[r.answer, r.example] for r in question.references]], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def normalised_weights(raw: Sequence[float]) -> list[float]:
    """Scale to sum 1, rounded to 3 places, the rounding remainder on the first weight.

    No weights give none; weights summing to zero (or less) count as equal.
    """
    if not raw:
        return []
    total = sum(raw)
    weights = [round(w / total, 3) for w in raw] if total > 0 else [round(1 / len(raw), 3)] * len(raw)
    weights[0] = round(weights[0] + 1 - sum(weights), 3)
    return weights
