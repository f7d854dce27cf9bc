"""The interview coach: what happens after each key the candidate presses, without any UI.

It picks the questions, starts and resumes interviews, builds grade requests (follow-up rubrics
included), records feedback and the review schedule, and decides whether the interview probes or
moves on. The TUI calls it (grading in workers) and renders `coach.interview`; it never changes the
session itself. Grading failures are recorded here and raised for the UI to show.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interviewer.bank import Bank
from interviewer.domain.feedback import Feedback, Verdict
from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric
from interviewer.domain.session import SessionConfig, SessionRecord
from interviewer.engine.clock import Clock
from interviewer.engine.interview import Interview, Phase, Tick
from interviewer.errors import InterviewerError
from interviewer.grading.base import Grader, GradeRequest, PartialFeedback
from interviewer.domain.events import FeedbackReceived, GradingFailed, apply
from interviewer.storage.store import Store

if TYPE_CHECKING:
    from interviewer.drill.schedule import Schedule


@dataclass(frozen=True)
class MockOptions:
    """What the home screen, `interviewer mock` or `interviewer drill` asks for."""

    questions: int = 5
    minutes_per_question: float | None = 5.0
    total_minutes: float | None = None
    mode: str = "practice"
    topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    difficulties: tuple[int, ...] = ()
    seed: int | None = None
    follow_ups: int = 1
    drill: bool = False  # serve due items, then weak topics, then unseen questions
    due_only: bool = False

    @property
    def summary(self) -> str:
        """One line for the home screen: what starting now would ask."""
        minutes = f"{self.minutes_per_question:g} min each" if self.minutes_per_question else "no time limit"
        total = f" ({self.total_minutes:g} min in all)" if self.total_minutes else ""
        chosen = [", ".join(self.topics) or "all topics", ", ".join(self.kinds) or "any kind",
                  "difficulty " + ", ".join(map(str, self.difficulties)) if self.difficulties else "any difficulty"]
        return " · ".join([f"{self.questions} question{'s' * (self.questions != 1)}", minutes + total, self.mode,
                           *chosen])


@dataclass(frozen=True)
class GradeJob:
    """An answer to grade: question `index`'s main answer, or its follow-up number `follow_up`."""

    index: int
    follow_up: int | None = None


@dataclass
class Coach:
    bank: Bank
    store: Store
    clock: Clock
    grader: Grader
    fallback: Grader | None = None  # decided once, by grading.factory.make_graders
    rubrics: Callable[[Question], Rubric] = field(default=None)  # type: ignore[assignment]
    interview: Interview | None = None

    def __post_init__(self) -> None:
        if self.rubrics is None:
            from interviewer.rubric.store import rubric_for

            self.rubrics = rubric_for
        from interviewer.drill.schedule import Schedule

        self.schedule = Schedule.from_rows(self.store.review_rows())

    @property
    def live(self) -> Interview:
        """The interview in progress; asking for it before one is started or opened is a programming error."""
        if self.interview is None:
            raise RuntimeError("no interview is open: start, resume or open one first")
        return self.interview

    # --- starting ----------------------------------------------------------------------------
    def start(self, options: MockOptions) -> None:
        """Raises BadInputError when no question fits the options."""
        self.interview = Interview.start(self._config(options), self.store, self.clock)

    def _config(self, options: MockOptions) -> SessionConfig:
        if options.drill:
            from interviewer.drill.select import drill_questions

            questions = drill_questions(self.bank, self.schedule, options.questions, self.clock.wall().date(),
                                        topics=options.topics, due_only=options.due_only, seed=options.seed)
        else:
            from interviewer.bank.select import select_questions

            questions = select_questions(self.bank, options.questions, topics=options.topics, kinds=options.kinds,
                                         difficulties=options.difficulties, seed=options.seed)
        minutes, total = options.minutes_per_question, options.total_minutes
        return SessionConfig(question_ids=[q.id for q in questions], mode=options.mode,
                             seconds_per_question=minutes * 60 if minutes else None,
                             total_seconds=total * 60 if total else None, grader=self.grader.kind,
                             follow_up_depth=options.follow_ups, kind="drill" if options.drill else "mock")

    def resume(self, session_id: str) -> list[GradeJob]:
        """Continue an interrupted interview; returns the answers it never got to grade."""
        record = self.store.load(session_id).record
        self.bank.require(record.config.question_ids, f"resume interview {record.id}")
        self.interview = Interview.resume(record, self.store, self.clock)
        return self.ungraded()

    def sibling(self, record: SessionRecord) -> Coach:
        """A coach for a past interview (to grade again), sharing this one's bank, store and graders."""
        coach = Coach(self.bank, self.store, self.clock, self.grader, self.fallback, self.rubrics)
        coach.open(record)
        return coach

    def open(self, record: SessionRecord) -> SessionRecord:
        """A past interview, to grade again: nothing is asked or timed."""
        self.interview = Interview(record, self.store, self.clock)
        return record

    def ungraded(self) -> list[GradeJob]:
        jobs = []
        for index, item in enumerate(self.live.record.records):
            if item.answered and not item.skipped and item.feedback is None:
                jobs.append(GradeJob(index))
            jobs += [GradeJob(index, n) for n, f in enumerate(item.follow_ups) if f.answer and f.feedback is None]
        return jobs

    # --- answering -----------------------------------------------------------------------------
    def save_draft(self, text: str, *, force: bool = False) -> bool:
        return self.live.save_draft(text, force=force)

    def submit(self, text: str) -> list[GradeJob]:
        """The answer on screen (a question's or a follow-up's) is final; returns what to grade."""
        interview = self.live
        if interview.phase is Phase.FOLLOW_UP:
            index, number = interview.answer_follow_up(text)
            if interview.record.config.mode == "practice":
                interview.pause(Phase.REVIEWING)
            else:
                self.advance()
            return [GradeJob(index, number)]
        index = interview.submit(text)
        if interview.record.config.mode == "practice":
            interview.pause(Phase.REVIEWING)
        elif interview.record.config.follow_up_depth and not interview.time_is_up:
            interview.pause(Phase.WAITING)
        else:
            interview.next_question()
        return [GradeJob(index)]

    def skip(self) -> None:
        """Skip what is on screen: a follow-up (the interview moves on) or a question (not graded)."""
        if self.live.phase is Phase.FOLLOW_UP:
            self.live.answer_follow_up("")
            self.advance()
            return
        self.live.submit("", skipped=True)
        self.live.next_question()

    def hint(self, draft: str) -> str | None:
        """A hint for the question on screen (practice only), recorded; None when none is left."""
        from interviewer.grading.hints import hint_for

        interview = self.live
        if interview.phase is not Phase.ANSWERING or interview.record.config.mode != "practice":
            return None
        question = self.bank.get(interview.current_record.question_id)
        hint = hint_for(question, self.rubrics(question), draft, interview.current_record.hints)
        if hint is not None:
            interview.show_hint(hint)
        return hint

    def end(self, text: str, *, submit: bool = False) -> list[GradeJob]:
        """End the interview with the text on screen submitted as its answer, or kept as a draft;
        returns what to grade."""
        interview = self.live
        jobs = []
        if submit and interview.phase is Phase.ANSWERING:
            jobs = [GradeJob(interview.submit(text))]
        elif submit and interview.phase is Phase.FOLLOW_UP:
            jobs = [GradeJob(*interview.answer_follow_up(text))]
        else:
            interview.save_draft(text)
        interview.end()
        return jobs

    def discard(self) -> None:
        """Drop the interview under way altogether (offered only while nothing in it was answered)."""
        interview = self.live
        interview.end()
        self.store.delete(interview.record.id)
        self.interview = None

    def tick(self, draft: str) -> tuple[Tick, list[GradeJob]]:
        """Called every second by the UI: saves the draft, acts on running out of time."""
        interview = self.live
        self.save_draft(draft)
        result = interview.tick()
        if result is Tick.EXPIRED:
            return result, self.submit(draft)
        if result is Tick.SESSION_OVER:
            return result, self.end(draft, submit=True)
        return result, []

    # --- moving on: only the coach decides whether the interviewer probes or moves on ----------
    def advance(self) -> None:
        """After feedback (practice), a grade (strict) or a follow-up: probe again, or ask the next question."""
        interview = self.live
        plan = None if interview.time_is_up else self._follow_up_plan(interview.index)
        if plan:
            interview.ask_follow_up(interview.index, plan.text, plan.point_id)
        else:
            interview.next_question()

    def _follow_up_plan(self, index: int):
        from interviewer.grading.follow_up import choose_follow_up

        item = self.live.record.records[index]
        if (len(item.follow_ups) >= self.live.record.config.follow_up_depth or item.feedback is None
                or not item.feedback.valid_answer or item.skipped):
            return None
        already = {f.target_point for f in item.follow_ups if f.target_point}
        already |= {r.point_id for r in item.reviews.values() if r.verdict == "covered"}  # the candidate's word
        asked = {f.text for f in item.follow_ups} | set(item.hints)  # a hint is a probe already shown
        return choose_follow_up(self.rubrics(self.bank.get(item.question_id)), item.feedback, already, asked)

    def graded(self, job: GradeJob) -> bool:
        """A grade arrived: in strict mode the interviewer was waiting for it. True if the interview moved."""
        interview = self.interview
        if interview and interview.phase is Phase.WAITING and job == GradeJob(interview.index):
            self.advance()
            return True
        return False

    # --- grading ---------------------------------------------------------------------------------
    def request(self, job: GradeJob) -> GradeRequest:
        from interviewer.grading.follow_up import follow_up_rubric

        item = self.live.record.records[job.index]
        question = self.bank.get(item.question_id)
        rubric = self.rubrics(question)
        if job.follow_up is None:
            return GradeRequest(question=question, rubric=rubric, answer=item.answer or "", hints=len(item.hints))
        asked = item.follow_ups[job.follow_up]
        # A follow-up is graded against the point it probes (older records may name none: the whole rubric).
        target = rubric if asked.target_point is None else follow_up_rubric(rubric, asked.target_point)
        return GradeRequest(question=question, rubric=target,
                            answer=asked.answer, follow_up_context=asked.text)

    async def grade(self, job: GradeJob, on_partial: PartialFeedback | None = None) -> Feedback:
        """Grade, record the result and the review schedule. Raises InterviewerError (recorded) on failure."""
        from interviewer.grading.service import grade

        interview = self.live
        try:
            feedback = await grade(self.request(job), self.grader, self.fallback, on_partial)
            schedule = self.schedule.model_copy(deep=True)  # moved in memory once the grade is stored
            recovered, keys = self._record_review(schedule, job, feedback)
            interview.write(FeedbackReceived(at=self.clock.wall(), index=job.index, feedback=feedback,
                                             follow_up=job.follow_up, recovered=recovered), schedule.rows(keys))
            self.schedule = schedule
        except asyncio.CancelledError:  # the app quit with the grade in flight: `r` grades it next time
            self._failed(job, "grading was interrupted (the app quit before the grade arrived)")
            raise
        except Exception as exc:  # noqa: BLE001 - any failure is recorded and shown; the answer stays saved
            message = exc.message if isinstance(exc, InterviewerError) else f"{exc.__class__.__name__}: {exc}"
            self._failed(job, message)
            raise InterviewerError(message, title="Grading failed") from None
        return feedback

    def _failed(self, job: GradeJob, message: str) -> None:
        """Record a failed grade; if the store refuses it too (disk full), in memory: `r` still grades it again."""
        event = GradingFailed(at=self.clock.wall(), index=job.index, error=message, follow_up=job.follow_up)
        try:
            self.live.write(event)
        except InterviewerError:
            apply(self.live.record, event)

    async def regrade(self, job: GradeJob, *, save: bool) -> Feedback:
        """Grade a stored answer again; `save` records the new grade. The review schedule stays: the answer is old."""
        from interviewer.grading.service import grade

        from interviewer.engine.verdict_review import reviewed_score, target_of

        request = self.request(job)
        feedback = await grade(request, self.grader, self.fallback)
        if save:  # the candidate's reviews stay, overlaid on the new grade
            reviews = target_of(self.live.record.records[job.index], job.follow_up).reviews
            score = reviewed_score(request.rubric, feedback, reviews, request.hints) if reviews else None
            self.live.write(FeedbackReceived(at=self.clock.wall(), index=job.index, feedback=feedback,
                                             follow_up=job.follow_up, reviewed_score=score))
        return feedback

    def review(self, job: GradeJob, point_id: str, verdict: Verdict, reason: str = "") -> Feedback:
        """The candidate confirms or changes a verdict of answer `job`; returns the reviewed feedback."""
        from interviewer.engine.verdict_review import review_verdict

        return review_verdict(self, job, point_id, verdict, reason)

    def _record_review(self, schedule: Schedule, job: GradeJob, feedback: Feedback) -> tuple[bool | None, list[str]]:
        """Move `schedule` for a grade; returns, for a follow-up, whether it closed the gap it probed, and the
        keys it moved."""
        from interviewer.drill.schedule import record_feedback
        from interviewer.grading.follow_up import recovered

        item, today = self.live.record.records[job.index], self.clock.wall().date()
        if job.follow_up is None:
            return None, record_feedback(schedule, item.question_id, feedback, today, self._source(job))
        asked = item.follow_ups[job.follow_up]
        closed = None if asked.target_point is None else recovered(item.feedback, feedback, asked.target_point)
        if closed is None:  # a depth follow-up had no gap to close
            return None, []
        key = f"{item.question_id}#{asked.target_point}"
        schedule.record(key, 4 if closed else 1, today, source=self._source(job))
        return closed, [key]

    def _source(self, job: GradeJob) -> str:
        from interviewer.engine.verdict_review import source_of

        return source_of(self.live.record.id, job.index, job.follow_up)

    def retry(self, index: int | None = None, *, stranded: bool = False) -> list[GradeJob]:
        """The answers (of question `index`, or all) whose grading failed, cleared to be graded again; `stranded`
        (a past interview): also those whose grade died with its process."""
        jobs = []
        for job in self.ungraded():
            item = self.live.record.records[job.index]
            target = item if job.follow_up is None else item.follow_ups[job.follow_up]
            if (target.grading_error or stranded) and index in (None, job.index):
                target.grading_error = None  # "grading…" again until the new result is recorded
                jobs.append(job)
        return jobs

    def use_graders(self, grader: Grader, fallback: Grader | None) -> None:
        """The settings changed: later grades use these (as built by grading.factory.make_graders)."""
        self.grader, self.fallback = grader, fallback
