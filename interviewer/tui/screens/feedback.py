"""Feedback for one answer, live while it is graded; or, for a skipped question, what to learn from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from interviewer.domain.session import SessionRecord
from interviewer.tui.messages import GradeFailed, GradePartial, GradeReady, GradeUpdate
from interviewer.tui.widgets.feedback_panel import FeedbackPanel
from interviewer.tui.screens.base import AppScreen


class FeedbackScreen(AppScreen):
    BINDINGS = [
        # Not a priority binding: Enter on a focused section title (Tab to it) opens that section instead.
        Binding("enter", "continue", "Continue"),
        Binding("r", "retry", "Retry grading"),
        Binding("v", "review", "Review verdicts"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, index: int, continue_interview: bool = False, record: SessionRecord | None = None) -> None:
        super().__init__()
        self.index = index
        self.continue_interview = continue_interview
        self._record = record  # a past interview; None for the one in progress
        self.partial_points = 0

    @property
    def record(self) -> SessionRecord:
        return self._record or self.app.coach.live.record

    def compose(self) -> ComposeResult:
        item = self.record.records[self.index]
        question = self.app.bank.get(item.question_id)
        yield FeedbackPanel(question, self.app.coach.rubrics(question), item, self.partial_points, id="feedback")
        yield Footer()

    def on_mount(self) -> None:
        self._focus_panel()

    def _focus_panel(self) -> None:
        self.query(FeedbackPanel).focus()  # Down, PageDown and the mouse wheel scroll at once

    @property
    def shown_record(self) -> SessionRecord:
        return self.record

    def _shows(self, message: GradeUpdate) -> bool:
        """Whether the grade is of the answer on this screen."""
        return message.job.index == self.index and message.live == (self._record is None)

    def on_grade_partial(self, message: GradePartial) -> None:
        judged = len(message.partial.get("verdicts") or {})
        if self._shows(message) and message.job.follow_up is None and judged != self.partial_points:
            self.partial_points = judged
            self._redraw()

    def on_grade_ready(self, message: GradeReady) -> None:
        if self._shows(message):
            self._redraw()

    def on_grade_failed(self, message: GradeFailed) -> None:
        if self._shows(message):
            self._redraw()

    def _redraw(self) -> None:
        self.refresh(recompose=True)
        self.call_after_refresh(self._focus_panel)

    def check_action(self, action: str, parameters) -> bool | None:
        """Retry only where a grade failed; Back only where it leads somewhere (not mid-interview, unless
        a section has the focus: then Esc gives Enter back to Continue)."""
        if action == "retry":
            item = self.record.records[self.index]
            return bool(item.grading_error or any(f.grading_error for f in item.follow_ups))
        if action == "review":
            from interviewer.presentation.review import reviewable

            return reviewable(self.record, self.index, live=self._record is None)
        if action == "back":
            return not self.continue_interview or not isinstance(self.focused, FeedbackPanel)
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_retry(self) -> None:
        if self.app.retry(self.index, record=self._record):
            self.refresh(recompose=True)

    def action_review(self) -> None:
        from interviewer.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.index, self._record), lambda _: self._redraw())

    def action_continue(self) -> None:
        if self.continue_interview:
            self.app.continue_interview()
        else:
            self.app.pop_screen()

    def action_back(self) -> None:
        if not isinstance(self.focused, FeedbackPanel):  # a section's title: back to the feedback itself
            self.query_one(FeedbackPanel).focus()
        elif not self.continue_interview:
            self.app.pop_screen()
