"""Questions in the bank, their reference answers and where they came from."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from interviewer.domain.taxonomy import Kind, Topic  # defined apart so the CLI parser needs no pydantic

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """One question in one seed article (or any other document the question came from)."""

    seed: Text
    section: Text | None = Field(default=None, description="Section heading, where numbering restarts per section.")
    number: int = Field(ge=1)

    @property
    def cite(self) -> str:
        section = f" [{self.section}]" if self.section else ""
        return f"{self.seed}{section} #{self.number}"


class ReferenceAnswer(_Strict):
    answer: Text
    example: Text | None = Field(default=None, description="The article's example of saying it from experience.")
    source: Text | None = Field(default=None, description="The `cite` of the source this answer came from.")


class Question(_Strict):
    id: Slug
    text: Text
    variants: list[Text] = Field(default_factory=list)
    topic: Topic
    kind: Kind
    difficulty: int = Field(ge=1, le=3, description="1 definition, 2 how/why/compare, 3 design or scale.")
    references: list[ReferenceAnswer] = Field(min_length=1)
    sources: list[Source] = Field(default_factory=list)
    group: Slug | None = Field(
        default=None, description="Questions covering the same ground share a group; one interview serves one of them."
    )

    @model_validator(mode="after")
    def _references_cite_known_sources(self) -> Question:
        cites = {s.cite for s in self.sources}
        for i, ref in enumerate(self.references, 1):
            if ref.source is not None and ref.source not in cites:
                raise ValueError(
                    f"reference {i} cites source {ref.source!r}, which is not in this question's sources "
                    f"(known: {sorted(cites) or 'none'})"
                )
        return self

    @property
    def wordings(self) -> list[str]:
        return [self.text, *self.variants]


class Tip(_Strict):
    """Interview advice from the articles: shown by the app, never graded."""

    title: Text
    body: Text
