"""Feedback for one answer, live while it is graded."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from interviewer.domain.session import SessionRecord
from interviewer.rubric.store import rubric_for
from interviewer.tui.messages import GradeFailed, GradePartial, GradeReady
from interviewer.tui.widgets.feedback_view import FeedbackView


class FeedbackScreen(Screen):
    BINDINGS = [
        Binding("enter", "continue", "Continue", priority=True),
        Binding("r", "retry", "Retry grading"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, index: int, continue_interview: bool = False, record: SessionRecord | None = None) -> None:
        super().__init__()
        self.index = index
        self.continue_interview = continue_interview
        self._record = record
        self.partial_points = 0

    @property
    def record(self) -> SessionRecord:
        return self._record or self.app.session.record

    def compose(self) -> ComposeResult:
        item = self.record.records[self.index]
        question = self.app.bank.get(item.question_id)
        yield FeedbackView(question, rubric_for(question), item, self.partial_points, id="feedback")
        yield Footer()

    def grading_update(self, message) -> None:
        if message.index != self.index:
            return
        if isinstance(message, GradePartial) and message.follow_up is None:
            judged = len(message.partial.get("verdicts") or {})
            if judged == self.partial_points:
                return
            self.partial_points = judged
        elif not isinstance(message, (GradeReady, GradeFailed)):
            return
        self.refresh(recompose=True)

    def action_retry(self) -> None:
        item = self.record.records[self.index]
        if item.feedback is None and item.grading_error and self._record is None:
            item.grading_error = None
            self.app.grade_answer(self.index)
            self.refresh(recompose=True)

    def action_continue(self) -> None:
        if self.continue_interview:
            self.app.advance_from(self.index)
        else:
            self.app.pop_screen()

    def action_back(self) -> None:
        if not self.continue_interview:
            self.app.pop_screen()
