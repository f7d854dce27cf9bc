"""The interview as a state machine. Time comes from an injected clock; every change is journalled
before it is acted on, so a crash never loses a submitted answer. Only this class decides when the
interview moves on: nothing in an answer can."""

from __future__ import annotations

from enum import StrEnum

from interviewer.domain.feedback import Feedback
from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric
from interviewer.domain.session import FollowUp, QuestionRecord, SessionConfig, SessionRecord
from interviewer.grading.follow_up import FollowUpPlan, choose_follow_up
from interviewer.engine.clock import Clock
from interviewer.storage.journal import Journal
from interviewer.storage.store import SessionStore


class Tick(StrEnum):
    NONE = "none"
    EXPIRED = "expired"      # strict: the answer was submitted as it stood
    OVERRUN = "overrun"      # practice: time is up; the candidate was warned once
    SESSION_OVER = "session_over"  # the whole interview's time ran out


class InterviewSession:
    def __init__(self, record: SessionRecord, questions: dict[str, Question], journal: Journal, clock: Clock,
                 path: str = "") -> None:
        self.record = record
        self.questions = questions
        self.journal = journal
        self.clock = clock
        self.path = path
        self.index = next((i for i, r in enumerate(record.records) if not r.answered), len(record.records))
        self._asked_at = clock.monotonic()
        self._started = clock.monotonic() - sum(r.seconds_used for r in record.records)
        self._warned = False
        self.follow_up_active: tuple[int, int] | None = None  # (question index, follow-up number)

    # --- lifecycle -------------------------------------------------------------------------
    @classmethod
    def start(cls, config: SessionConfig, questions: dict[str, Question], store: SessionStore, clock: Clock,
              session_id: str | None = None) -> InterviewSession:
        started = clock.wall()
        session_id, journal = store.new_journal(started, session_id)
        journal.write("session_started", started, id=session_id, config=config)
        record = SessionRecord(id=session_id, started_at=started, config=config,
                               records=[QuestionRecord(question_id=q) for q in config.question_ids])
        session = cls(record, questions, journal, clock, str(journal.path))
        session._ask()
        return session

    @classmethod
    def resume(cls, record: SessionRecord, questions: dict[str, Question], store: SessionStore,
               clock: Clock) -> InterviewSession:
        """Continue an interrupted session at its first unanswered question, draft restored."""
        session = cls(record, questions, store.open_journal(record.id), clock, str(store.path_of(record.id)))
        if not session.finished:
            session._ask()
        return session

    def _ask(self) -> None:
        self._asked_at = self.clock.monotonic()
        self._warned = False
        item = self.current_record
        item.asked_at = self.clock.wall()
        item.seconds_allowed = self.record.config.seconds_per_question
        self.journal.write("question_asked", item.asked_at, index=self.index, seconds_allowed=item.seconds_allowed)

    def end(self) -> None:
        if self.record.ended_at is None:
            self.record.ended_at = self.clock.wall()
            self.journal.write("session_ended", self.record.ended_at)
        self.index = len(self.record.records)

    # --- state -----------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.index >= len(self.record.records) or self.record.ended_at is not None

    @property
    def finished_by_time(self) -> bool:
        """The whole interview's time ran out: no more follow-ups."""
        return self.finished and self.record.config.total_seconds is not None and \
            self.clock.monotonic() - self._started >= self.record.config.total_seconds

    @property
    def current_record(self) -> QuestionRecord:
        return self.record.records[self.index]

    @property
    def current(self) -> Question:
        return self.questions[self.current_record.question_id]

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def total(self) -> int:
        return len(self.record.records)

    def seconds_used(self) -> float:
        return self.clock.monotonic() - self._asked_at

    def seconds_left(self) -> float | None:
        """Time left for this question: the tighter of the per-question and whole-interview limits."""
        limits = []
        config = self.record.config
        if config.seconds_per_question:
            limits.append(config.seconds_per_question - self.seconds_used())
        if config.total_seconds:
            limits.append(config.total_seconds - (self.clock.monotonic() - self._started))
        return min(limits) if limits else None

    # --- actions ---------------------------------------------------------------------------
    def save_draft(self, text: str) -> bool:
        """Journal the draft if it changed. Returns whether it wrote."""
        item = self.current_record
        if text == item.draft:
            return False
        item.draft = text
        self.journal.write("draft_saved", self.clock.wall(), index=self.index, text=text)
        return True

    def submit(self, answer: str, *, skipped: bool = False) -> QuestionRecord:
        """Record the answer (journalled before any grading) and move to the next question."""
        item = self.current_record
        used = self.seconds_used()
        left = self.seconds_left()
        item.answer, item.skipped, item.draft = answer, skipped, answer
        item.seconds_used = round(used, 1)
        item.over_time = left is not None and left < 0
        item.overrun_seconds = round(max(0.0, -left), 1) if left is not None else 0.0
        item.submitted_at = self.clock.wall()
        self.journal.write("answer_submitted", item.submitted_at, index=self.index, answer=answer,
                           seconds_used=item.seconds_used, over_time=item.over_time,
                           overrun_seconds=item.overrun_seconds, skipped=skipped)
        self.index += 1
        if self.index < len(self.record.records):
            self._ask()
        return item

    def show_hint(self, hint: str) -> None:
        self.current_record.hints.append(hint)
        self.journal.write("hint_shown", self.clock.wall(), index=self.index, hint=hint)

    def skip(self) -> QuestionRecord:
        return self.submit("", skipped=True)

    def tick(self) -> Tick:
        """Called by the UI's timer; the engine decides what running out of time means."""
        if self.finished or self.follow_up_active:
            return Tick.NONE
        left = self.seconds_left()
        if left is None or left > 0:
            return Tick.NONE
        total_out = self.record.config.total_seconds and \
            self.clock.monotonic() - self._started >= self.record.config.total_seconds
        if self.record.config.mode == "strict" or total_out:
            self.submit(self.current_record.draft)
            if total_out:
                while not self.finished:
                    self.skip()
                self.end()
                return Tick.SESSION_OVER
            return Tick.EXPIRED
        if not self._warned:
            self._warned = True
            return Tick.OVERRUN
        return Tick.NONE

    # --- follow-ups: only this state machine decides whether the interview probes or moves on ----
    def follow_up_due(self, index: int, rubric: Rubric) -> FollowUpPlan | None:
        """The next follow-up for a graded answer, within the configured depth, or None."""
        item = self.record.records[index]
        if (len(item.follow_ups) >= self.record.config.follow_up_depth or item.feedback is None
                or not item.feedback.valid_answer or item.skipped):
            return None
        already = {f.target_point for f in item.follow_ups if f.target_point}
        return choose_follow_up(rubric, item.feedback, already)

    def ask_follow_up(self, index: int, plan: FollowUpPlan) -> int:
        item = self.record.records[index]
        item.follow_ups.append(FollowUp(text=plan.text, target_point=plan.point_id))
        self.journal.write("follow_up_asked", self.clock.wall(), index=index, text=plan.text, target_point=plan.point_id)
        self.follow_up_active = (index, len(item.follow_ups) - 1)
        return len(item.follow_ups) - 1

    def answer_follow_up(self, answer: str) -> tuple[int, int]:
        assert self.follow_up_active is not None, "no follow-up is being asked"
        index, number = self.follow_up_active
        self.record.records[index].follow_ups[number].answer = answer
        self.journal.write("follow_up_answered", self.clock.wall(), index=index, follow_up=number, answer=answer)
        self.follow_up_active = None
        return index, number

    def restart_question_clock(self) -> None:
        """After follow-ups, the current question's time starts when it is shown."""
        self._asked_at = self.clock.monotonic()

    def record_feedback(self, index: int, feedback: Feedback, follow_up: int | None = None,
                        recovered: bool | None = None) -> None:
        item = self.record.records[index]
        if follow_up is None:
            item.feedback, item.grading_error = feedback, None
        else:
            item.follow_ups[follow_up].feedback = feedback
            item.follow_ups[follow_up].recovered = recovered
        self.journal.write("feedback_received", self.clock.wall(), index=index, feedback=feedback,
                           follow_up=follow_up, recovered=recovered)

    def record_grading_failure(self, index: int, error: str) -> None:
        self.record.records[index].grading_error = error
        self.journal.write("grading_failed", self.clock.wall(), index=index, error=error)
