"""The Textual app: routes keys to the coach, runs grading in workers, shows the screen for the coach's
phase. One factory (`make_app`) builds it for the CLI, Pilot tests and snapshots alike."""

from __future__ import annotations

from dataclasses import replace

from textual.app import App
from textual.binding import Binding

from interviewer.bank import Bank, load_bank
from interviewer.domain.session import SessionRecord
from interviewer.engine.clock import Clock, SystemClock
from interviewer.engine.coach import Coach, GradeJob, MockOptions
from interviewer.engine.interview import Phase
from interviewer.errors import InterviewerError
from interviewer.grading.base import Grader
from interviewer.settings import Settings, load_settings
from interviewer.storage.opening import open_store
from interviewer.storage.store import Store
from interviewer.tui.messages import GradeFailed, GradePartial, GradeReady
from interviewer.tui.palette import AppCommands
from interviewer.tui.screens.base import AppScreen
from interviewer.tui.startup import resume_collection


class InterviewerApp(App):
    TITLE = "interviewer"
    SUB_TITLE = "deep-learning interview coach"
    CSS_PATH = "app.tcss"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]
    COMMANDS = App.COMMANDS | {AppCommands}

    def __init__(self, settings: Settings, coach: Coach, start_mock: MockOptions | None = None,
                 ticking: bool = True) -> None:
        super().__init__()
        self.settings, self.coach, self.start_mock = settings, coach, start_mock
        # What the home screen's ctrl+s starts: `interviewer mock`'s options again (new questions), or the form's.
        repeat = start_mock is not None and not start_mock.drill
        self.mock_options = replace(start_mock, seed=None) if start_mock and repeat else MockOptions()
        self.ticking = ticking  # real-time timers drive the countdown, the autosave and the cursor's blink
        self.in_flight: set[tuple[str, GradeJob]] = set()  # (session id, job) in flight: `r` never doubles one

    @property
    def bank(self) -> Bank:
        return self.coach.bank

    @property
    def store(self) -> Store:
        return self.coach.store

    @property
    def clock(self) -> Clock:
        return self.coach.clock

    def on_mount(self) -> None:
        from interviewer.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        for problem in self.store.import_problems[:5]:
            self.notify(problem, title="Imported older files", severity="warning", timeout=10)
        if self.start_mock:
            self.begin_mock(self.start_mock)
        self.call_after_refresh(resume_collection)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Every toast is literal text: messages carry server, model, bank and path text, which must never be
        read as markup (a stray `[/INST]` crashed the app, `[@click=app.quit]` became a live action)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    async def action_quit(self) -> None:
        """Quit once the screen on top has kept what it holds (the interview saves what is typed, or asks)."""
        if isinstance(self.screen, AppScreen):
            self.screen.before_quit(self.exit)
        else:
            self.exit()

    # --- sessions: the coach decides, the app shows ----------------------------------------------
    def begin_mock(self, options: MockOptions) -> None:
        try:
            self.coach.start(options)
        except InterviewerError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        asked, found = options.questions, self.coach.live.total
        if found < asked:
            self.notify(f"Only {found} question{'s' * (found != 1)} fit what was chosen (topic, kind, difficulty, "
                        f"what is due), not {asked}.", title="Shorter interview", severity="warning", timeout=8)
        self.show_phase()

    def resume(self, session_id: str) -> None:
        try:
            self.grade(self.coach.resume(session_id))  # answered before the crash but never graded
        except InterviewerError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        self.show_phase()

    def show_phase(self) -> None:
        """The screen for where the interview is: question, feedback or report."""
        from interviewer.tui.screens.feedback import FeedbackScreen
        from interviewer.tui.screens.interview import InterviewScreen
        from interviewer.tui.screens.report import ReportScreen

        interview = self.coach.live
        if interview.phase is Phase.REVIEWING:
            self.switch_screen_to(FeedbackScreen(interview.index, continue_interview=True))
        elif interview.phase is Phase.FINISHED:
            self.switch_screen_to(ReportScreen())
        elif isinstance(self.screen, InterviewScreen):
            self.screen.show_question()
        else:
            self.switch_screen_to(InterviewScreen())

    def continue_interview(self) -> None:
        """The candidate read the feedback: the coach probes or moves on."""
        self.coach.advance()
        self.show_phase()

    def retry(self, index: int | None = None, record: SessionRecord | None = None) -> bool:
        """Grade again the answers (of question `index`, or all) whose grading failed, in the interview in
        progress or in a past one (`record`)."""
        coach = self.coach if record is None else self.coach.sibling(record)
        session = coach.live.record.id
        # A past interview's answer with neither grade nor failure lost its grade with an earlier process.
        jobs = [job for job in coach.retry(index, stranded=record is not None) if (session, job) not in self.in_flight]
        self.grade(jobs, coach)
        return bool(jobs)

    def apply_settings(self, settings: Settings) -> str:
        """Later grades use the grader these settings choose; returns its kind."""
        from interviewer.grading.factory import make_graders

        self.settings = settings
        self.coach.use_graders(*make_graders(settings))
        return self.coach.grader.kind

    def go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def switch_screen_to(self, screen) -> None:
        """Replace everything above the home screen with `screen`."""
        self.go_home()
        self.push_screen(screen)

    # --- grading: workers fetch, handlers show -----------------------------------------------------
    def grade(self, jobs: list[GradeJob], coach: Coach | None = None) -> None:
        """Grade in workers: the interview in progress, or (`coach`) a past one."""
        coach = coach or self.coach
        for job in jobs:
            self.in_flight.add((coach.live.record.id, job))
            self.run_worker(self._grade(job, coach), group="grading", exit_on_error=False)

    async def _grade(self, job: GradeJob, coach: Coach) -> None:
        live = coach is self.coach
        try:
            feedback = await coach.grade(job, on_partial=lambda partial: self.post_message(GradePartial(job, partial, live)))
        except InterviewerError as exc:
            self.post_message(GradeFailed(job, exc.message, live))
        else:
            self.post_message(GradeReady(job, feedback, live))
        finally:
            self.in_flight.discard((coach.live.record.id, job))

    def on_grade_ready(self, message: GradeReady) -> None:
        if message.live and self.coach.graded(message.job):
            self.show_phase()
        if screen := self._top():
            screen.on_grade_ready(message)

    def on_grade_failed(self, message: GradeFailed) -> None:
        if message.live and self.coach.graded(message.job):
            self.show_phase()
        self.notify(f"{message.error}\nYour answer is saved. Press r on its feedback to retry.",
                    title="Grading failed", severity="error", timeout=8)
        if screen := self._top():
            screen.on_grade_failed(message)

    def on_grade_partial(self, message: GradePartial) -> None:
        if screen := self._top():
            screen.on_grade_partial(message)

    def _top(self) -> AppScreen | None:
        """The screen on top, to show a grade: in the same turn as the app's own handling, so the screen
        the app just switched to draws it at once (a message posted on would come a turn later)."""
        screen = self.screen if self.screen_stack else None  # no screen once the app is closing
        return screen if isinstance(screen, AppScreen) else None


def make_app(settings: Settings | None = None, *, grader: Grader | None = None, fallback: Grader | None = None,
             store: Store | None = None, clock: Clock | None = None, bank: Bank | None = None,
             start_mock: MockOptions | None = None, ticking: bool = True) -> InterviewerApp:
    """`ticking=False`: no real-time timers (the countdown, the autosave, the cursor's blink): a test drives
    them with its fake clock, so nothing on screen changes while a snapshot is taken."""
    settings = settings or load_settings()
    if grader is None:
        from interviewer.grading.factory import make_graders

        grader, default_fallback = make_graders(settings)
        fallback = fallback if fallback is not None else default_fallback
    coach = Coach(bank or load_bank(settings.banks), store or open_store(), clock or SystemClock(), grader, fallback)
    return InterviewerApp(settings, coach, start_mock, ticking)
