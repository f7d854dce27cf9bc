"""One question at a time: the question, a countdown, the answer editor. The engine keeps the time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from interviewer.engine.session import Tick
from interviewer.tui.widgets.countdown import Countdown

DRAFT_SAVE_SECONDS = 3.0


class InterviewScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", priority=True),
        Binding("ctrl+n", "skip", "Skip", priority=True),
        Binding("ctrl+t", "end_interview", "End interview", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="interview"):
            with Horizontal(id="question-bar"):
                yield Static("", id="question-meta")
                yield Countdown("", id="countdown")
            yield Static("", id="question-text")
            yield TextArea("", id="answer", soft_wrap=True, placeholder="Type your answer. ctrl+s submits.")
            yield Static("", id="draft-status")
        yield Footer()

    def on_mount(self) -> None:
        self.show_question()
        self.set_interval(1.0, self.check_time)
        self.set_interval(DRAFT_SAVE_SECONDS, self.save_draft)

    @property
    def session(self):
        return self.app.session

    def show_question(self) -> None:
        session = self.session
        q = session.current
        mode = session.record.config.mode
        self.query_one("#question-meta", Static).update(
            f"Question {session.number} of {session.total} · {q.topic} · {q.kind} · difficulty {q.difficulty}")
        self.query_one("#question-text", Static).update(q.text)
        editor = self.query_one("#answer", TextArea)
        editor.text = session.current_record.draft
        editor.focus()
        self.query_one("#draft-status", Static).update(
            "Practice mode: feedback after each answer." if mode == "practice" else "Strict mode: feedback at the end.")
        self.query_one(Countdown).show(session.seconds_left())

    def save_draft(self) -> None:
        if self.session and not self.session.finished and self.session.save_draft(self.query_one("#answer", TextArea).text):
            self.query_one("#draft-status", Static).update(f"Draft saved at {self.app.clock.wall():%H:%M:%S}.")

    def check_time(self) -> None:
        """Ask the engine what running out of time means; show what it decided."""
        session = self.session
        if session is None or session.finished:
            return
        self.save_draft()
        result = session.tick()
        if result == Tick.EXPIRED:
            self.notify("Time's up: your answer was submitted as it stood.", severity="warning")
            self._after_submit(session.index - 1)
        elif result == Tick.SESSION_OVER:
            self.notify("The interview's time is up.", severity="warning")
            self._after_submit(session.index - 1)
        elif result == Tick.OVERRUN:
            self.notify("Time's up for this question. Finish your thought; the overrun is recorded.", severity="warning")
        if not session.finished:
            self.query_one(Countdown).show(session.seconds_left())

    def action_submit(self) -> None:
        self.save_draft()
        self.session.submit(self.query_one("#answer", TextArea).text)
        self._after_submit(self.session.index - 1)

    def action_skip(self) -> None:
        self.session.skip()
        self._after_submit(self.session.index - 1, grade=False)

    def action_end_interview(self) -> None:
        self.save_draft()
        self.session.end()
        self._next()

    def _after_submit(self, index: int, grade: bool = True) -> None:
        item = self.session.record.records[index]
        if grade and not item.skipped:
            self.app.grade_answer(index)
        if self.session.record.config.mode == "practice" and grade and not item.skipped:
            from interviewer.tui.screens.feedback import FeedbackScreen

            self.app.switch_screen_to(FeedbackScreen(index, continue_interview=True))
            return
        self._next()

    def _next(self) -> None:
        if self.session.finished:
            self.app.show_interview()  # the app ends the session and shows the report
        else:
            self.show_question()
