"""The journal's events: one pydantic model per type, a discriminated union on `type`, and `apply`, the
one function that changes a session record. The engine applies an event and stores it; replay applies
the stored events in order, so a session rebuilt from storage is the session that was lived.

Version 2 adds the follow-up number to drafts and grading failures; version 3 the candidate's review of
verdicts (`VerdictReviewed`, and the reviewed score a new grade keeps), which version 2 reads the same.
Version 1 lines (the JSONL files of interviewer 0.1) upgrade by `upgrade_v1`; an event from a newer version
is refused, not guessed at.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from interviewer.domain.feedback import Feedback, Verdict
from interviewer.domain.review import overlay
from interviewer.domain.session import FollowUp, QuestionRecord, SessionConfig, SessionRecord, VerdictReview

EVENT_VERSION = 3


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: a fast start

    v: int = EVENT_VERSION
    at: datetime


class _QuestionEvent(_Event):
    index: int = Field(ge=0)


class SessionStarted(_Event):
    type: Literal["session_started"] = "session_started"
    id: str
    config: SessionConfig


class SessionEnded(_Event):
    type: Literal["session_ended"] = "session_ended"


class QuestionAsked(_QuestionEvent):
    type: Literal["question_asked"] = "question_asked"
    seconds_allowed: float | None = None


class DraftSaved(_QuestionEvent):
    type: Literal["draft_saved"] = "draft_saved"
    text: str
    follow_up: int | None = None
    seconds_used: float | None = None  # the question's clock so far, so a resumed question keeps its time


class AnswerSubmitted(_QuestionEvent):
    type: Literal["answer_submitted"] = "answer_submitted"
    answer: str
    seconds_used: float
    over_time: bool = False
    overrun_seconds: float = 0.0
    skipped: bool = False


class HintShown(_QuestionEvent):
    type: Literal["hint_shown"] = "hint_shown"
    hint: str


class FollowUpAsked(_QuestionEvent):
    type: Literal["follow_up_asked"] = "follow_up_asked"
    text: str
    target_point: str | None = None


class FollowUpAnswered(_QuestionEvent):
    type: Literal["follow_up_answered"] = "follow_up_answered"
    follow_up: int = Field(ge=0)
    answer: str


class FeedbackReceived(_QuestionEvent):
    type: Literal["feedback_received"] = "feedback_received"
    feedback: Feedback
    follow_up: int | None = None
    recovered: bool | None = None
    # When the answer was reviewed before this grade (regrade): its score with the reviews overlaid.
    reviewed_score: float | None = Field(default=None, ge=0, le=10)


class VerdictReviewed(_QuestionEvent):
    """The candidate confirmed (`verdict == grader_verdict`) or changed one key point's verdict."""

    type: Literal["verdict_reviewed"] = "verdict_reviewed"
    follow_up: int | None = None
    point_id: str
    grader_verdict: Verdict
    verdict: Verdict
    reason: str = Field(default="", max_length=500)
    score: float = Field(ge=0, le=10, description="The answer's score with this review, computed from the rubric.")


class GradingFailed(_QuestionEvent):
    type: Literal["grading_failed"] = "grading_failed"
    error: str
    follow_up: int | None = None


Event = Annotated[
    SessionStarted | SessionEnded | QuestionAsked | DraftSaved | AnswerSubmitted | HintShown | FollowUpAsked
    | FollowUpAnswered | FeedbackReceived | GradingFailed | VerdictReviewed,
    Field(discriminator="type"),
]


@cache
def _event_adapter() -> TypeAdapter:
    return TypeAdapter(Event)  # built on the first event read, not on import


class NewerEventError(ValueError):
    """Written by a newer interviewer: refused rather than misread."""


def parse_event(raw: dict[str, Any]) -> Event:
    """A stored event of any known version, upgraded to the current one. Raises ValueError (incl.
    pydantic's ValidationError) for anything else."""
    version = raw.get("v", 1)
    if not isinstance(version, int) or version > EVENT_VERSION:
        raise NewerEventError(f"written by a newer interviewer (format {version}); upgrade to read it")
    if version < 2:
        raw = upgrade_v1(raw)
    raw = {**raw, "v": EVENT_VERSION}  # version 3 only added fields and an event type
    return _event_adapter().validate_python(raw)


def upgrade_v1(raw: dict[str, Any]) -> dict[str, Any]:
    """v1 had the same fields less the follow-up number on drafts and failures (both then meant the
    main answer), and wrote `follow_up: null` or nothing on feedback."""
    upgraded = {**raw, "v": EVENT_VERSION}
    if upgraded.get("type") in ("draft_saved", "grading_failed"):
        upgraded.setdefault("follow_up", None)
    return upgraded


def apply(record: SessionRecord | None, event: Event) -> SessionRecord:
    """The record after `event`. Raises ValueError when the event does not fit the record."""
    if isinstance(event, SessionStarted):
        if record is not None:
            raise ValueError("a second session_started")
        return SessionRecord(id=event.id, started_at=event.at, config=event.config,
                             records=[QuestionRecord(question_id=q) for q in event.config.question_ids])
    if record is None:
        raise ValueError("event before session_started")
    if isinstance(event, SessionEnded):
        record.ended_at = event.at
        return record
    if event.index >= len(record.records):
        raise ValueError(f"question {event.index + 1} is not in this session")
    item = record.records[event.index]
    match event:
        case QuestionAsked():
            item.asked_at, item.seconds_allowed = event.at, event.seconds_allowed
        case DraftSaved(follow_up=None):
            item.draft = event.text
            if event.seconds_used is not None:
                item.seconds_used = event.seconds_used
        case DraftSaved(follow_up=int(number)):
            _follow_up(item, number).draft = event.text
        case AnswerSubmitted():
            item.answer, item.submitted_at, item.draft, item.skipped = event.answer, event.at, event.answer, event.skipped
            item.seconds_used, item.over_time, item.overrun_seconds = (event.seconds_used, event.over_time,
                                                                       event.overrun_seconds)
        case HintShown():
            item.hints.append(event.hint)
        case FollowUpAsked():
            item.follow_ups.append(FollowUp(text=event.text, target_point=event.target_point))
        case FollowUpAnswered():
            follow = _follow_up(item, event.follow_up)
            follow.answer, follow.draft, follow.answered = event.answer, event.answer, True
        case FeedbackReceived(follow_up=None):
            _graded(item, event)
        case FeedbackReceived(follow_up=int(number)):
            follow = _follow_up(item, number)
            _graded(follow, event)
            follow.recovered = event.recovered
        case VerdictReviewed():
            _reviewed(item, event)
        case GradingFailed(follow_up=None):
            item.grading_error = event.error
        case GradingFailed(follow_up=int(number)):
            _follow_up(item, number).grading_error = event.error
    return record


def _graded(target: QuestionRecord | FollowUp, event: FeedbackReceived) -> None:
    """A grade arrives; reviews made of an earlier grade of the same answer are overlaid on it."""
    target.grading_error = None
    if target.reviews:
        score = event.feedback.score if event.reviewed_score is None else event.reviewed_score
        target.grader_feedback, target.feedback = event.feedback, overlay(event.feedback, target.reviews, score)
    else:
        target.feedback = event.feedback


def _reviewed(item: QuestionRecord, event: VerdictReviewed) -> None:
    target = item if event.follow_up is None else _follow_up(item, event.follow_up)
    if target.feedback is None:
        raise ValueError("a verdict reviewed before the answer was graded")
    target.grader_feedback = target.grader_grade
    assert target.grader_feedback is not None  # graded: checked above
    target.reviews[event.point_id] = VerdictReview(point_id=event.point_id, grader_verdict=event.grader_verdict,
                                                   verdict=event.verdict, reason=event.reason, at=event.at)
    target.feedback = overlay(target.grader_feedback, target.reviews, event.score)
    if isinstance(target, FollowUp) and target.recovered is not None and event.point_id == target.target_point:
        target.recovered = event.verdict == Verdict.COVERED  # the candidate's word on whether the gap closed


def _follow_up(item: QuestionRecord, number: int) -> FollowUp:
    if number >= len(item.follow_ups):
        raise ValueError(f"follow-up {number + 1} was never asked")
    return item.follow_ups[number]
