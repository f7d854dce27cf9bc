"""The LLM grader's reply schema, built per rubric so that a constrained decoder cannot produce an
invalid grade: one required property per key point id (each point exactly once), one per dimension,
one per STAR element on experience questions. String and list lengths are bounded here, checked by pydantic
on every reply and never sent (see llm.schema)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, create_model

from interviewer.domain.rubrics import Dimension, Rubric, StarElement

QUOTE_MAX = 400  # a sentence or two of the answer
REASON_MAX = 300
PROSE_MAX = 2000  # the stronger answer
LIST_MAX = 6

Quote = Annotated[str, Field(max_length=QUOTE_MAX)]
Line = Annotated[str, Field(max_length=REASON_MAX)]
VerdictName = Literal["covered", "partial", "named", "missing", "incorrect"]


class PointOut(BaseModel):
    evidence_quote: Quote
    reason: Line
    verdict: VerdictName


class DimensionOut(BaseModel):
    justification: Line
    score: Literal[1, 2, 3, 4, 5]  # an enum, not a range: a constrained decoder cannot leave it


class StarOut(BaseModel):
    quote: Quote
    present: bool


def _object(name: str, keys: list[str], value: type[BaseModel]) -> type[BaseModel]:
    """A model with one required property per key. Keys are data (e.g. "l1-l2"), so fields get safe
    names and the keys become aliases, which the schema and validation both use."""
    fields: dict[str, Any] = {f"k{i}": (value, Field(alias=key)) for i, key in enumerate(keys)}
    return create_model(name, **fields)


def grade_schema(rubric: Rubric, experience: bool) -> type[BaseModel]:
    point_ids = [p.id for p in rubric.key_points]
    misconception_ids = tuple(m.id for m in rubric.misconceptions) + ("",)
    misconception_fields: dict[str, Any] = {  # ids are data: a Literal built at run time
        "misconception_id": (Literal[misconception_ids], ...),
        "statement": (Line, ...),
        "quote": (Quote, ...),
        "correction": (Line, ...),
    }
    misconception = create_model("MisconceptionOut", **misconception_fields)
    fields: dict[str, Any] = {
        "verdicts": (_object("PointVerdicts", point_ids, PointOut), ...),
        "misconceptions": (list[misconception], Field(max_length=LIST_MAX)),
        "dimensions": (_object("Dimensions", [d.value for d in Dimension], DimensionOut), ...),
    }
    if experience:
        fields["star"] = (_object("Star", [e.value for e in StarElement], StarOut), ...)
    fields |= {
        "strengths": (list[Line], Field(max_length=LIST_MAX)),
        "to_sharpen": (list[Line], Field(max_length=LIST_MAX)),
        "stronger_answer": (Annotated[str, Field(max_length=PROSE_MAX)], ...),
        "follow_up": (Line, ...),
        "follow_up_point_id": (Literal[tuple(point_ids) + ("",)], ...),
        "addresses_grader": (bool, ...),
    }
    return create_model("GradeOut", **fields)


def by_key(obj: BaseModel) -> dict[str, BaseModel]:
    """The values of a per-key object, keyed by their original names (point ids, dimensions, elements)."""
    return {type(obj).model_fields[name].alias or name: value for name, value in obj}
