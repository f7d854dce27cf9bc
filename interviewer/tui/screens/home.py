"""Home: which grader is active, what is due, an interrupted interview to resume, and one key for each
thing to do. Only text: the first screen appears fast; the mock interview's form is a screen of its own."""

from __future__ import annotations

from dataclasses import dataclass

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from interviewer import graders
from interviewer.engine.coach import MockOptions
from interviewer.tui.screens.base import AppScreen


@dataclass(frozen=True)
class HomeCommand:
    name: str
    action: str  # a HomeScreen action, without the `action_` prefix
    help: str
    starts_interview: bool = False  # not offered while an interview is under way: it would replace it


HOME_COMMANDS = (
    HomeCommand("Start mock interview", "start", "with the options shown on the home screen", starts_interview=True),
    HomeCommand("New mock interview", "choose", "questions, time, mode, topic, kind, difficulty",
                starts_interview=True),
    HomeCommand("Drill what is due", "drill", "due reviews, then weak topics, then new questions",
                starts_interview=True),
    HomeCommand("Resume interrupted interview", "resume", "where it stopped, answers and time kept",
                starts_interview=True),
    HomeCommand("History", "transcripts", "past interviews, their reports and feedback"),
    HomeCommand("Progress", "progress", "scores by topic over time, most-missed points"),
    HomeCommand("Settings", "settings", "grader, model and endpoint"),
)


def grader_status(app) -> str:
    settings, kind = app.settings, app.coach.grader.kind
    if kind == graders.OFFLINE:
        why = "chosen in settings" if settings.grader == graders.OFFLINE else "no OPENAI_API_KEY or OPENAI_BASE_URL set"
        return f"Grader: OFFLINE (embedded, no LLM; {why})"
    if kind in graders.BACKENDS and graders.BACKENDS[kind].needs_llm:
        from interviewer.llm.client import endpoint_host

        fallback = "falls back to offline, labelled" if settings.grader == graders.AUTO else "no offline fallback"
        return f"Grader: LLM {settings.model} at {endpoint_host(settings)} ({fallback})"
    return f"Grader: {kind}"


class HomeScreen(AppScreen):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", priority=True),
        Binding("ctrl+n", "choose", "New", priority=True),
        Binding("ctrl+r", "resume", "Resume", priority=True),
        Binding("ctrl+o", "transcripts", "History", priority=True),
        Binding("ctrl+d", "drill", "Drill", priority=True),
        Binding("ctrl+g", "progress", "Progress", priority=True),
        Binding("ctrl+e", "settings", "Settings", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="home"):  # a small terminal scrolls
            yield Static("interviewer · deep-learning interview coach", classes="title")
            yield Static(grader_status(self.app), id="grader-status")
            yield Static("", id="review-status")
            yield Static("", id="resume-banner")
            yield Static("", id="next-mock")
            yield Static("", id="home-menu")

    def on_mount(self) -> None:
        self.refresh_status()

    def on_screen_resume(self) -> None:
        self.query_one("#grader-status", Static).update(grader_status(self.app))
        self.refresh_status()

    def refresh_status(self) -> None:
        self.refresh_review_status()
        resumable = self.refresh_resume_banner()
        self.query_one("#next-mock", Static).update(
            f"Next mock interview (ctrl+s starts it, ctrl+n changes it):\n  {self.app.mock_options.summary}")
        self.query_one("#home-menu", Static).update("\n".join(
            f"[b]{HOME_KEYS[c.action]:<7}[/b] [@click=screen.{c.action}]{c.name}[/]: {escape(c.help)}"
            for c in HOME_COMMANDS if c.action != "resume" or resumable)
            + "\n[b]ctrl+p [/b] every command   [b]ctrl+q[/b] quit")

    def refresh_review_status(self) -> None:
        from interviewer.drill.select import mastery

        schedule = self.app.coach.schedule
        due = len(schedule.due_questions(self.app.clock.wall().date()))
        levels = mastery(schedule, self.app.bank)
        # out of 10, as every score the app shows (mastery is the mean of the latest scores, 0-1)
        weakest = ", ".join(f"{t} {v * 10:.1f}/10" for t, v in sorted(levels.items(), key=lambda kv: kv[1])[:3])
        self.query_one("#review-status", Static).update(
            f"Due for review: {due} (ctrl+d drills)" + (f" · weakest: {weakest}" if weakest else
                                                       " · no graded answers yet"))

    def refresh_resume_banner(self) -> bool:
        banner = self.query_one("#resume-banner", Static)
        interrupted = self.app.store.interrupted()
        if not interrupted:
            banner.update("")
            banner.display = False
            return False
        latest = interrupted[0]
        banner.update(f"Interrupted interview from {latest.started_at:%Y-%m-%d %H:%M} "
                      f"({latest.answered}/{latest.questions} answered). Press ctrl+r to resume.")
        banner.display = True
        return True

    def action_start(self) -> None:
        self.app.begin_mock(self.app.mock_options)

    def action_choose(self) -> None:
        from interviewer.tui.screens.new_interview import NewInterviewScreen

        self.app.push_screen(NewInterviewScreen())

    def action_drill(self) -> None:
        self.app.begin_mock(MockOptions(questions=5, mode="practice", drill=True, follow_ups=1))

    def action_resume(self) -> None:
        interrupted = self.app.store.interrupted()
        if interrupted:
            self.app.resume(interrupted[0].id)

    def action_transcripts(self) -> None:
        from interviewer.tui.screens.transcripts import TranscriptsScreen

        self.app.push_screen(TranscriptsScreen())

    def action_settings(self) -> None:
        from interviewer.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    def action_progress(self) -> None:
        from interviewer.tui.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen())


HOME_KEYS = {b.action: b.key for b in HomeScreen.BINDINGS if isinstance(b, Binding)}  # action -> its key
