"""Home: start a mock interview, resume one, open transcripts; shows which grader is active."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from interviewer.domain.questions import Kind, Topic
from interviewer.engine.coach import MockOptions


def grader_status(app) -> str:
    settings, kind = app.settings, app.coach.grader.kind
    if kind == "offline":
        why = "chosen in settings" if settings.grader == "offline" else "no OPENAI_API_KEY or OPENAI_BASE_URL set"
        return f"Grader: OFFLINE (embedded, no LLM; {why})"
    if kind == "openai":
        from interviewer.llm.client import endpoint_host

        fallback = "falls back to offline, labelled" if settings.grader == "auto" else "no offline fallback"
        return f"Grader: LLM {settings.model} at {endpoint_host(settings)} ({fallback})"
    return f"Grader: {kind}"


class HomeScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", priority=True),
        Binding("ctrl+r", "resume", "Resume", show=False, priority=True),
        Binding("ctrl+o", "transcripts", "History", priority=True),
        Binding("ctrl+d", "drill", "Drill", priority=True),
        Binding("ctrl+g", "progress", "Progress", priority=True),
        Binding("ctrl+e", "settings", "Settings", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home"):  # a small terminal scrolls the form; the footer stays
            yield Static(grader_status(self.app), id="grader-status")
            yield Static("", id="review-status")
            yield Static("", id="resume-banner")
            with Vertical(id="mock-form"):
                yield self._row("Questions", Input("5", id="questions", type="integer", compact=True))
                yield self._row("Minutes / question", Input("5", id="minutes", type="number", compact=True))
                yield self._row("Whole interview (min)", Input("", id="total", type="number", placeholder="no limit",
                                                            compact=True))
                yield self._row("Mode", Select([("practice: feedback after each answer", "practice"),
                                                ("strict: feedback at the end", "strict")],
                                               value="practice", allow_blank=False, id="mode", compact=True))
                yield self._row("Topic", Select([(t.value, t.value) for t in Topic], prompt="all topics", id="topic",
                                                compact=True))
                yield self._row("Kind", Select([(k.value, k.value) for k in Kind], prompt="all kinds", id="kind",
                                               compact=True))
                yield self._row("Difficulty", Select([("1 definitions", 1), ("2 how / why", 2), ("3 design, scale", 3)],
                                                     prompt="any", id="difficulty", compact=True))
            with Horizontal(id="home-buttons"):
                yield Button("Start mock interview", id="start", variant="primary")
                yield Button("History", id="transcripts")
        yield Footer()

    @staticmethod
    def _row(label: str, widget) -> Horizontal:
        return Horizontal(Label(label, classes="form-label"), widget, classes="form-row")

    def on_mount(self) -> None:
        self.refresh_review_status()
        self.refresh_resume_banner()
        self.query_one("#questions", Input).focus()

    def on_screen_resume(self) -> None:
        self.query_one("#grader-status", Static).update(grader_status(self.app))
        self.refresh_review_status()
        self.refresh_resume_banner()

    def refresh_review_status(self) -> None:
        from interviewer.drill.select import mastery

        schedule = self.app.coach.schedule
        due = len(schedule.due_questions(self.app.clock.wall().date()))
        levels = mastery(schedule, self.app.bank)
        weakest = ", ".join(f"{t} {v:.0%}" for t, v in sorted(levels.items(), key=lambda kv: kv[1])[:3])
        self.query_one("#review-status", Static).update(
            f"Due for review: {due} (ctrl+d drills)" + (f" · weakest: {weakest}" if weakest else " · no history yet"))

    def refresh_resume_banner(self) -> None:
        banner = self.query_one("#resume-banner", Static)
        interrupted = self.app.store.interrupted()
        if not interrupted:
            banner.update("")
            banner.display = False
            return
        latest = interrupted[0]
        banner.update(f"Interrupted interview from {latest.started_at:%Y-%m-%d %H:%M} "
                      f"({latest.answered}/{latest.questions} answered). Press ctrl+r to resume.")
        banner.display = True

    def options(self) -> MockOptions | None:
        try:
            count = int(self.query_one("#questions", Input).value or 5)
            minutes_text = self.query_one("#minutes", Input).value.strip()
            total_text = self.query_one("#total", Input).value.strip()
            minutes = float(minutes_text) if minutes_text else None
            total = float(total_text) if total_text else None
        except ValueError:
            self.notify("Questions and minutes must be numbers.", severity="error")
            return None
        if count < 1 or (minutes is not None and minutes <= 0) or (total is not None and total <= 0):
            self.notify("Questions and minutes must be positive.", severity="error")
            return None

        def chosen(widget_id: str) -> tuple:
            value = self.query_one(f"#{widget_id}", Select).value
            return () if value is Select.NULL else (value,)

        return MockOptions(questions=count, minutes_per_question=minutes, total_minutes=total,
                           mode=self.query_one("#mode", Select).value, topics=chosen("topic"), kinds=chosen("kind"),
                           difficulties=chosen("difficulty"))

    def action_start(self) -> None:
        options = self.options()
        if options:
            self.app.begin_mock(options)

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

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"start": self.action_start, "transcripts": self.action_transcripts}[event.button.id]()

    def on_input_submitted(self) -> None:
        self.action_start()
