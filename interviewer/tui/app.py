"""The Textual app. One factory (`make_app`) builds it for the CLI, Pilot tests and snapshots alike."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding

from interviewer.bank import Bank, load_bank
from interviewer.domain.session import SessionConfig
from interviewer.engine.clock import Clock, SystemClock
from interviewer.engine.session import InterviewSession
from interviewer.errors import InterviewerError
from interviewer.grading.base import Grader, GradeRequest
from interviewer.grading.service import grade
from interviewer.rubric.store import rubric_for
from interviewer.settings import Settings, load_settings
from interviewer.storage.store import SessionStore
from interviewer.tui.messages import GradeFailed, GradePartial, GradeReady


@dataclass
class MockOptions:
    """What the home screen (or `interviewer mock`) asks for."""

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


class InterviewerApp(App):
    TITLE = "interviewer"
    SUB_TITLE = "deep-learning interview coach"
    CSS_PATH = "app.tcss"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, settings: Settings, bank: Bank, grader: Grader, fallback: Grader | None,
                 store: SessionStore, clock: Clock, start_mock: MockOptions | None = None) -> None:
        super().__init__()
        self.settings, self.bank, self.grader, self.fallback = settings, bank, grader, fallback
        self.store, self.clock = store, clock
        self.start_mock = start_mock
        self.session: InterviewSession | None = None
        from interviewer.drill.schedule import ScheduleStore

        self.schedule_store = ScheduleStore()
        self.schedule = self.schedule_store.load()

    def on_mount(self) -> None:
        from interviewer.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        for problem in self.schedule_store.problems:
            self.notify(problem, title="Review schedule", severity="warning", timeout=10)
        if self.start_mock:
            self.begin_mock(self.start_mock)

    # --- sessions -------------------------------------------------------------------------
    def begin_mock(self, options: MockOptions) -> None:
        from interviewer.bank.select import select_questions

        from interviewer.drill.select import drill_questions

        try:
            if options.drill:
                questions = drill_questions(self.bank, self.schedule, options.questions, self.clock.wall().date(),
                                            topics=options.topics, due_only=options.due_only, seed=options.seed)
            else:
                questions = select_questions(self.bank, options.questions, topics=options.topics, kinds=options.kinds,
                                             difficulties=options.difficulties, seed=options.seed)
        except InterviewerError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        config = SessionConfig(
            question_ids=[q.id for q in questions], mode=options.mode,
            seconds_per_question=options.minutes_per_question * 60 if options.minutes_per_question else None,
            total_seconds=options.total_minutes * 60 if options.total_minutes else None,
            grader=self.grader.kind, follow_up_depth=options.follow_ups, kind="drill" if options.drill else "mock",
        )
        self.session = InterviewSession.start(config, self.bank.questions, self.store, self.clock)
        self.show_interview()

    def resume(self, session_id: str) -> None:
        stored = self.store.load(session_id)
        self.session = InterviewSession.resume(stored.replay.record, self.bank.questions, self.store, self.clock)
        for index, item in enumerate(self.session.record.records):
            if item.answered and not item.skipped and item.feedback is None:
                self.grade_answer(index)  # answered before the crash but never graded
        self.show_interview()

    def show_interview(self) -> None:
        from interviewer.tui.screens.interview import InterviewScreen
        from interviewer.tui.screens.report import ReportScreen

        assert self.session is not None
        if self.session.follow_up_active or not self.session.finished:
            self.switch_screen_to(InterviewScreen())
        else:
            self.session.end()
            self.switch_screen_to(ReportScreen())

    def go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def switch_screen_to(self, screen) -> None:
        """Replace everything above the home screen with `screen`."""
        self.go_home()
        self.push_screen(screen)

    def advance_from(self, index: int) -> None:
        """After an answer (or a follow-up) is dealt with: the engine decides whether to probe or move on."""
        assert self.session is not None
        question = self.bank.get(self.session.record.records[index].question_id)
        plan = self.session.follow_up_due(index, rubric_for(question))
        if plan:
            self.session.ask_follow_up(index, plan)
        else:
            self.session.restart_question_clock()
        self.show_interview()

    # --- grading: workers fetch, handlers mutate ---------------------------------------------
    def grade_answer(self, index: int, follow_up: int | None = None) -> None:
        self.run_worker(self._grade(index, follow_up), group="grading", exit_on_error=False)

    def _request(self, index: int, follow_up: int | None) -> GradeRequest:
        from interviewer.grading.follow_up import follow_up_rubric

        item = self.session.record.records[index]
        question = self.bank.get(item.question_id)
        rubric = rubric_for(question)
        if follow_up is None:
            return GradeRequest(question=question, rubric=rubric, answer=item.answer or "", hints=len(item.hints))
        asked = item.follow_ups[follow_up]
        return GradeRequest(question=question, rubric=follow_up_rubric(rubric, asked.target_point),
                            answer=asked.answer, follow_up_context=asked.text)

    async def _grade(self, index: int, follow_up: int | None) -> None:
        assert self.session is not None
        try:
            feedback = await grade(self._request(index, follow_up), self.grader, self.fallback,
                                   on_partial=lambda partial: self.post_message(GradePartial(index, partial, follow_up)))
        except InterviewerError as exc:
            self.post_message(GradeFailed(index, exc.message, follow_up))
        except Exception as exc:  # noqa: BLE001 - any failure must unlock the UI and keep the answer
            self.post_message(GradeFailed(index, f"{exc.__class__.__name__}: {exc}", follow_up))
        else:
            self.post_message(GradeReady(index, feedback, follow_up))

    def on_grade_ready(self, message: GradeReady) -> None:
        from interviewer.drill.schedule import record_feedback
        from interviewer.grading.follow_up import recovered

        if self.session:
            item = self.session.record.records[message.index]
            today = self.clock.wall().date()
            if message.follow_up is None:
                self.session.record_feedback(message.index, message.feedback)
                record_feedback(self.schedule, item.question_id, message.feedback, today)
            else:
                asked = item.follow_ups[message.follow_up]
                closed = recovered(item.feedback, message.feedback, asked.target_point)
                self.session.record_feedback(message.index, message.feedback, message.follow_up, closed)
                if closed is not None:  # a depth follow-up had no gap to close
                    self.schedule.record(f"{item.question_id}#{asked.target_point}", 4 if closed else 1, today)
            self.schedule_store.save(self.schedule)
        self._forward(message)

    def on_grade_failed(self, message: GradeFailed) -> None:
        if self.session and message.follow_up is None:
            self.session.record_grading_failure(message.index, message.error)
        self.notify(f"{message.error}\nYour answer is saved. Press r on its feedback to retry.",
                    title="Grading failed", severity="error", timeout=8)
        self._forward(message)

    def on_grade_partial(self, message: GradePartial) -> None:
        self._forward(message)

    def _forward(self, message) -> None:
        handler = getattr(self.screen, "grading_update", None)
        if handler:
            handler(message)


def make_app(settings: Settings | None = None, *, grader: Grader | None = None, fallback: Grader | None = None,
             store: SessionStore | None = None, clock: Clock | None = None, bank: Bank | None = None,
             start_mock: MockOptions | None = None) -> InterviewerApp:
    settings = settings or load_settings()
    if grader is None:
        from interviewer.grading.factory import make_graders

        grader, default_fallback = make_graders(settings)
        fallback = fallback if fallback is not None else (default_fallback if settings.grader == "auto" else None)
    return InterviewerApp(settings, bank or load_bank(settings.banks), grader, fallback, store or SessionStore(),
                          clock or SystemClock(), start_mock)
