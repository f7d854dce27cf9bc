"""A session's record: what was asked, typed, submitted and graded. Also what a transcript holds."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from interviewer.domain.feedback import Feedback, Verdict

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


class VerdictReview(BaseModel):
    """The candidate's word on one key point's verdict: confirmed (`verdict == grader_verdict`) or changed."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    point_id: str
    grader_verdict: Verdict
    verdict: Verdict
    reason: str = ""
    at: datetime

    @property
    def changed(self) -> bool:
        return self.verdict != self.grader_verdict


class _Graded:
    """An answer's grade as the candidate reviewed it. `feedback` is what everything downstream reads: the
    grader's, overlaid with the candidate's verdicts and scored again; `grader_feedback` keeps the grader's
    own record untouched once a review changed `feedback` (None while nothing was reviewed); `reviews`:
    point id -> the candidate's latest word on it. The fields are declared in each model, where the
    transcript's JSON has always had `feedback`."""

    if TYPE_CHECKING:  # declared for the type checker only: pydantic reads each model's own fields
        feedback: Feedback | None
        grader_feedback: Feedback | None
        reviews: dict[str, VerdictReview]

    @property
    def grader_grade(self) -> Feedback | None:
        return self.grader_feedback or self.feedback

    @property
    def reviewed(self) -> bool:
        return bool(self.reviews)


class FollowUp(_Graded, BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: a fast start

    text: str
    target_point: str | None = None
    draft: str = ""
    answer: str = ""
    answered: bool = False  # answered or skipped ("" answer): either way the interview moved on
    feedback: Feedback | None = None
    grader_feedback: Feedback | None = None
    reviews: dict[str, VerdictReview] = Field(default_factory=dict)
    grading_error: str | None = None
    recovered: bool | None = None


class QuestionRecord(_Graded, BaseModel):
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
    grader_feedback: Feedback | None = None
    reviews: dict[str, VerdictReview] = Field(default_factory=dict)
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
