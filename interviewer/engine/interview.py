"""The interview as a state machine over its record. Time comes from an injected clock; every change
is an event, stored before the interview moves on, so a crash never loses a submitted answer. Only
the coach decides when the interview moves on; nothing in an answer can."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from interviewer.domain.session import QuestionRecord, SessionConfig, SessionRecord
from interviewer.engine.clock import Clock
from interviewer.domain.events import (
    AnswerSubmitted, DraftSaved, Event, FollowUpAnswered, FollowUpAsked, HintShown, QuestionAsked, SessionEnded,
    SessionStarted,
)
from interviewer.storage.store import Store


CLOCK_CHECKPOINT = 10.0  # seconds: the most of a question's clock a kill -9 can lose when nothing is typed


class Phase(StrEnum):
    ANSWERING = "answering"    # a question is on screen
    FOLLOW_UP = "follow_up"    # a follow-up to question `index` is on screen
    REVIEWING = "reviewing"    # practice: the candidate reads the feedback on question `index`
    WAITING = "waiting"        # strict with follow-ups: the interviewer considers answer `index`
    FINISHED = "finished"


class Tick(StrEnum):
    NONE = "none"
    EXPIRED = "expired"            # strict: the answer was submitted as it stood
    OVERRUN = "overrun"            # practice: time is up; the candidate is warned once
    SESSION_OVER = "session_over"  # the whole interview's time ran out
    MINUTE_LEFT = "minute_left"    # warnings, once each per question
    SECONDS_LEFT = "seconds_left"


WARNINGS = ((10.0, Tick.SECONDS_LEFT), (60.0, Tick.MINUTE_LEFT))  # tightest first


class Interview:
    def __init__(self, record: SessionRecord, store: Store, clock: Clock) -> None:
        self.record, self.store, self.clock = record, store, clock
        self.index = next((i for i, r in enumerate(record.records) if not r.answered), len(record.records))
        self.phase = Phase.FINISHED if self.index >= len(record.records) or record.finished else Phase.ANSWERING
        self.follow_up: int | None = None  # the follow-up on screen, in FOLLOW_UP
        self._asked_at = clock.monotonic()
        self._stored_at = 0.0  # the question's clock as last stored
        self._started = clock.monotonic() - sum(r.seconds_used for r in record.records)
        self._warned = False
        self._warnings: list[tuple[float, Tick]] = []

    @classmethod
    def start(cls, config: SessionConfig, store: Store, clock: Clock, session_id: str | None = None) -> Interview:
        started = clock.wall()
        event = SessionStarted(at=started, id=session_id or store.new_session_id(started), config=config)
        interview = cls(store.append(None, event), store, clock)
        interview._ask(0)
        return interview

    @classmethod
    def resume(cls, record: SessionRecord, store: Store, clock: Clock) -> Interview:
        """Continue an interrupted session where it stopped: a follow-up left open, else the first
        unanswered question; the draft is restored either way."""
        interview = cls(record, store, clock)
        open_follow_up = next(((i, n) for i, r in enumerate(record.records) for n, f in enumerate(r.follow_ups)
                               if not f.answered), None)
        if open_follow_up and not record.finished:
            interview.index, interview.follow_up = open_follow_up
            interview.phase = Phase.FOLLOW_UP
        elif interview.phase is Phase.ANSWERING:
            interview._ask(interview.index)
        return interview

    def write(self, event: Event, reviews: Mapping[str, str] | None = None) -> None:
        """Store `event` (with the review rows it moved, in its transaction) and move the record on."""
        self.record = self.store.append(self.record, event, reviews)

    def _ask(self, index: int) -> None:
        """Put question `index` on screen; its clock goes on from the time already spent on it (resume)."""
        self.index, self.phase, self.follow_up = index, Phase.ANSWERING, None
        self._start_clock(self.record.records[index].seconds_used)
        self.write(QuestionAsked(at=self.clock.wall(), index=index, seconds_allowed=self.record.config.seconds_per_question))

    def _start_clock(self, spent: float) -> None:
        """The clock of what is now on screen, going on from `spent` seconds."""
        self._asked_at, self._stored_at, self._warned = self.clock.monotonic() - spent, spent, False
        left = self.seconds_left()  # a limit already under a warning's mark gets no such warning
        self._warnings = [(mark, tick) for mark, tick in WARNINGS if left is None or left > mark]

    # --- state -------------------------------------------------------------------------------
    @property
    def current_record(self) -> QuestionRecord:
        return self.record.records[min(self.index, len(self.record.records) - 1)]

    @property
    def total(self) -> int:
        return len(self.record.records)

    @property
    def time_is_up(self) -> bool:
        """The whole interview's time ran out: no more questions or follow-ups."""
        total = self.record.config.total_seconds
        return total is not None and self.clock.monotonic() - self._started >= total

    def seconds_used(self) -> float:
        return self.clock.monotonic() - self._asked_at

    @property
    def seconds_allowed(self) -> float | None:
        """The limit of what is on screen: the question's; for a follow-up in strict mode half of it (at
        least a minute), as an interviewer's follow-up is shorter; a practice follow-up has none."""
        per_question = self.record.config.seconds_per_question
        if self.phase is not Phase.FOLLOW_UP or not per_question:
            return per_question
        return max(60.0, per_question / 2) if self.record.config.mode == "strict" else None

    def seconds_left(self) -> float | None:
        """Time left for what is on screen: the tighter of its own and the whole interview's limits."""
        config, limits = self.record.config, []
        if self.seconds_allowed:
            limits.append(self.seconds_allowed - self.seconds_used())
        if config.total_seconds:
            limits.append(config.total_seconds - (self.clock.monotonic() - self._started))
        return min(limits) if limits else None

    # --- what the candidate does ---------------------------------------------------------------
    def save_draft(self, text: str, *, force: bool = False) -> bool:
        """Store the draft of what is on screen if it changed, and the question's clock with it (also
        every CLOCK_CHECKPOINT seconds, or when `force`d on quitting). Returns whether it wrote."""
        if self.phase is Phase.FOLLOW_UP and self.follow_up is not None:
            if text == self.current_record.follow_ups[self.follow_up].draft and not force:
                return False
            self.write(DraftSaved(at=self.clock.wall(), index=self.index, text=text, follow_up=self.follow_up))
            return True
        used = round(self.seconds_used(), 1)
        if self.phase is not Phase.ANSWERING or (
                text == self.current_record.draft and not force and used - self._stored_at < CLOCK_CHECKPOINT):
            return False
        self.write(DraftSaved(at=self.clock.wall(), index=self.index, text=text, seconds_used=used))
        self._stored_at = used
        return True

    def submit(self, answer: str, *, skipped: bool = False) -> int:
        """Store the answer on screen (before any grading). Returns its question's index."""
        assert self.phase is Phase.ANSWERING, f"no question is open ({self.phase})"
        used, left = self.seconds_used(), self.seconds_left()
        # Over time by a whole second or more: what every view can show ("over by 00:01"); less is on time.
        overrun = round(-left) if left is not None and left <= -1 else 0
        self.write(AnswerSubmitted(at=self.clock.wall(), index=self.index, answer=answer, seconds_used=round(used, 1),
                                    over_time=overrun > 0, overrun_seconds=overrun, skipped=skipped))
        return self.index

    def show_hint(self, hint: str) -> None:
        self.write(HintShown(at=self.clock.wall(), index=self.index, hint=hint))

    def ask_follow_up(self, index: int, text: str, target_point: str | None) -> None:
        self.write(FollowUpAsked(at=self.clock.wall(), index=index, text=text, target_point=target_point))
        self.index, self.phase, self.follow_up = index, Phase.FOLLOW_UP, len(self.record.records[index].follow_ups) - 1
        self._start_clock(0.0)

    def answer_follow_up(self, answer: str) -> tuple[int, int]:
        assert self.phase is Phase.FOLLOW_UP and self.follow_up is not None, "no follow-up is open"
        self.write(FollowUpAnswered(at=self.clock.wall(), index=self.index, follow_up=self.follow_up, answer=answer))
        return self.index, self.follow_up

    def pause(self, phase: Phase) -> None:
        """Between an answer and what comes next: feedback on screen, or the interviewer thinking."""
        self.phase = phase

    def next_question(self) -> None:
        """Ask the first unanswered question, or finish."""
        following = next((i for i, r in enumerate(self.record.records) if not r.answered), None)
        if following is None or self.time_is_up:
            self.end()
        else:
            self._ask(following)

    def end(self) -> None:
        if self.record.ended_at is None:
            self.write(SessionEnded(at=self.clock.wall()))
        self.phase, self.follow_up = Phase.FINISHED, None

    def tick(self) -> Tick:
        """What running out of time means now; the coach acts on it."""
        if self.phase not in (Phase.ANSWERING, Phase.FOLLOW_UP):
            return Tick.NONE
        left = self.seconds_left()
        if left is None:
            return Tick.NONE
        if left > 0:
            due = [(mark, tick) for mark, tick in self._warnings if left <= mark]
            self._warnings = [w for w in self._warnings if w not in due]
            return due[0][1] if due else Tick.NONE  # after a long pause, only the tightest warning
        if self.time_is_up:
            return Tick.SESSION_OVER
        if self.record.config.mode == "strict":
            return Tick.EXPIRED
        if not self._warned:
            self._warned = True
            return Tick.OVERRUN
        return Tick.NONE
