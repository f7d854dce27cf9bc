"""One question at a time: the question, a countdown, the answer editor. The engine keeps the time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from rich.text import Text

from interviewer.engine.session import Tick
from interviewer.tui.messages import GradeFailed, GradeReady
from interviewer.tui.widgets.countdown import Countdown

DRAFT_SAVE_SECONDS = 3.0


class InterviewScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", priority=True),
        Binding("ctrl+n", "skip", "Skip", priority=True),
        Binding("ctrl+t", "end_interview", "End interview", priority=True),
        Binding("ctrl+l", "hint", "Hint (-1)", priority=True),
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
        mode = session.record.config.mode
        editor = self.query_one("#answer", TextArea)
        if session.follow_up_active:
            index, number = session.follow_up_active
            item = session.record.records[index]
            asked = self.app.bank.get(item.question_id)
            self.query_one("#question-meta", Static).update(
                f"Follow-up {number + 1} · question {index + 1}/{session.total} · {asked.topic}")
            self.query_one("#question-text", Static).update(Text(item.follow_ups[number].text))
            self.query_one(Countdown).update("no limit")
            editor.text = ""
        else:
            q = session.current
            self.query_one("#question-meta", Static).update(
                f"Question {session.number}/{session.total} · {q.topic} · {q.kind} · difficulty {q.difficulty}")
            self.query_one("#question-text", Static).update(q.text)
            self.query_one(Countdown).show(session.seconds_left())
            editor.text = session.current_record.draft
        editor.disabled = False
        editor.focus()
        self.query_one("#draft-status", Static).update(
            "Practice mode: feedback after each answer." if mode == "practice" else "Strict mode: feedback at the end.")

    def save_draft(self) -> None:
        session = self.session
        if not session or session.finished or session.follow_up_active or self.waiting_for is not None:
            return
        if session.save_draft(self.query_one("#answer", TextArea).text):
            self.query_one("#draft-status", Static).update(f"Draft saved at {self.app.clock.wall():%H:%M:%S}.")

    def check_time(self) -> None:
        """Ask the engine what running out of time means; show what it decided."""
        session = self.session
        if session is None or session.finished:
            return
        if session.follow_up_active or self.waiting_for is not None:
            self.query_one(Countdown).update("no limit")
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

    waiting_for: int | None = None  # strict mode: the graded answer the interviewer is considering

    def action_submit(self) -> None:
        if self.waiting_for is not None:
            return
        text = self.query_one("#answer", TextArea).text
        if self.session.follow_up_active:
            index, number = self.session.answer_follow_up(text)
            self.app.grade_answer(index, number)
            if self.session.record.config.mode == "practice":
                from interviewer.tui.screens.feedback import FeedbackScreen

                self.app.switch_screen_to(FeedbackScreen(index, continue_interview=True))
            else:
                self.app.advance_from(index)
            return
        self.save_draft()
        self.session.submit(text)
        self._after_submit(self.session.index - 1)

    def action_skip(self) -> None:
        if self.waiting_for is not None:
            return
        if self.session.follow_up_active:  # skip the follow-up, not the next question
            index, _ = self.session.answer_follow_up("")
            self.app.advance_from(index)
            return
        self.session.skip()
        self._after_submit(self.session.index - 1, grade=False)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "hint":  # hints are for practice: a strict interview gives none
            return self.session is not None and self.session.record.config.mode == "practice"
        return True

    def action_hint(self) -> None:
        from interviewer.grading.hints import hint_for
        from interviewer.grading.scoring import HINT_COST
        from interviewer.rubric.store import rubric_for

        session = self.session
        if session.follow_up_active or self.waiting_for is not None or session.finished:
            return
        question = session.current
        hint = hint_for(question, rubric_for(question), self.query_one("#answer", TextArea).text, session.current_record.hints)
        if hint is None:
            self.notify("No more hints: your draft touches every point with a name.")
            return
        session.show_hint(hint)
        self.query_one("#draft-status", Static).update(f"Hint: think about {hint}  (-{HINT_COST:g} point each)")

    def action_end_interview(self) -> None:
        self.save_draft()
        self.session.end()
        self._next()

    def _after_submit(self, index: int, grade: bool = True) -> None:
        item = self.session.record.records[index]
        graded = grade and not item.skipped
        if graded:
            self.app.grade_answer(index)
        if graded and self.session.record.config.mode == "practice":
            from interviewer.tui.screens.feedback import FeedbackScreen

            self.app.switch_screen_to(FeedbackScreen(index, continue_interview=True))
            return
        if graded and self.session.record.config.follow_up_depth and not self.session.finished_by_time:
            self._wait_for_interviewer(index)
            return
        self._next()

    def _wait_for_interviewer(self, index: int) -> None:
        """Strict mode with follow-ups: a real interviewer thinks before probing; no feedback is shown."""
        self.waiting_for = index
        self.query_one("#question-meta", Static).update("The interviewer is considering your answer…")
        self.query_one("#question-text", Static).update("")
        editor = self.query_one("#answer", TextArea)
        editor.text = ""
        editor.disabled = True

    def grading_update(self, message) -> None:
        if self.waiting_for is not None and message.index == self.waiting_for and message.follow_up is None \
                and isinstance(message, (GradeReady, GradeFailed)):
            self.waiting_for = None
            self.app.advance_from(message.index)

    def _next(self) -> None:
        if self.session.finished:
            self.app.show_interview()  # the app ends the session and shows the report
        else:
            self.show_question()
