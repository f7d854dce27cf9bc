"""A session's record: what was asked, typed, submitted and graded. Also what a transcript holds."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from interviewer.domain.feedback import Feedback

Mode = Literal["practice", "strict"]


class SessionConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: a fast start

    question_ids: list[str]
    mode: Mode = "practice"
    seconds_per_question: float | None = Field(default=None, gt=0)
    total_seconds: float | None = Field(default=None, gt=0)
    grader: str = "offline"
    kind: Literal["mock", "drill"] = "mock"
    follow_up_depth: int = Field(default=0, ge=0, le=3)


class FollowUp(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: a fast start

    text: str
    target_point: str | None = None
    draft: str = ""
    answer: str = ""
    answered: bool = False  # answered or skipped ("" answer): either way the interview moved on
    feedback: Feedback | None = None
    grading_error: str | None = None
    recovered: bool | None = None


class QuestionRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: a fast start

    question_id: str
    asked_at: datetime | None = None
    draft: str = ""
    answer: str | None = None
    submitted_at: datetime | None = None
    seconds_used: float = 0.0
    seconds_allowed: float | None = None
    over_time: bool = False
    overrun_seconds: float = 0.0
    skipped: bool = False
    hints: list[str] = Field(default_factory=list, description="Hints shown; each costs HINT_COST points.")
    feedback: Feedback | None = None
    grading_error: str | None = None
    follow_ups: list[FollowUp] = Field(default_factory=list)

    @property
    def answered(self) -> bool:
        return self.answer is not None


class SessionRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: a fast start

    id: str
    started_at: datetime
    ended_at: datetime | None = None
    config: SessionConfig
    records: list[QuestionRecord]

    def counted_scores(self) -> list[float]:
        """The scores the average is taken over: every graded answer, and 0 for each skipped question. A
        question the interview never reached (it was ended early) is not counted: an accidental ctrl+t
        must not turn one good answer into "1.0/10 over 10 questions" in history and progress."""
        return [r.feedback.score if r.feedback else 0.0 for r in self.records if r.feedback or r.skipped]

    @property
    def average(self) -> float | None:
        scores = self.counted_scores()
        return sum(scores) / len(scores) if scores else None

    def grades(self) -> list[Feedback]:
        """Every grade of the interview: its answers' and their follow-ups'."""
        return [r.feedback for r in self.records if r.feedback] + [
            f.feedback for r in self.records for f in r.follow_ups if f.feedback]

    @property
    def finished(self) -> bool:
        return self.ended_at is not None
