"""Review the grader's verdicts on one answer: move through the key points and confirm or change each, with
an optional one-line reason. Each keypress is stored at once (an event); what it changes is decided by the
coach and shown from presentation.review."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Input, Static

from interviewer.domain.session import SessionRecord
from interviewer.engine.coach import Coach, GradeJob
from interviewer.errors import InterviewerError
from interviewer.presentation.review import HOW, VERDICT_KEYS, review_heading, review_lines
from interviewer.terminal import printable
from interviewer.tui.screens.base import AppScreen
from interviewer.tui.widgets.feedback_panel import VERDICT_STYLE


class ReviewScreen(AppScreen):
    BINDINGS = [
        *(Binding(key, f"set_verdict('{key}')", verdict.value if key != "w" else "wrong", show=key in "cpm")
          for key, verdict in VERDICT_KEYS.items()),
        Binding("enter", "confirm", "Confirm"),
        Binding("e", "reason", "Reason"),
        Binding("escape", "done", "Done"),
    ]

    def __init__(self, index: int, record: SessionRecord | None = None) -> None:
        super().__init__()
        self.index = index
        self._record = record  # a past interview; None for the one in progress
        self._coach: Coach | None = None

    @property
    def coach(self) -> Coach:
        """Who writes the reviews: the app's coach for the interview in progress, a sibling for a past one."""
        if self._coach is None:
            self._coach = self.app.coach if self._record is None else self.app.coach.sibling(self._record)
        return self._coach

    @property
    def item(self):
        return self.coach.live.record.records[self.index]

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static("", id="review-heading")
            yield DataTable(id="review-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="review-point")
            yield Input(placeholder="why (one line), Enter to save, Esc to cancel", id="review-reason", max_length=200)
            yield Static(HOW, id="review-how")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("verdict", "grader", "you", "key point")
        self.query_one(Input).display = False
        self.fill()
        table.focus()

    def _rubric(self):
        return self.coach.request(GradeJob(self.index)).rubric

    def fill(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        room = max(20, self.app.size.width - 36)
        for line in review_lines(self.item, self._rubric()):
            statement = printable(line.statement)
            table.add_row(Text(f"{line.mark} {line.verdict.value}", style=VERDICT_STYLE[line.verdict]),
                          line.grader.value, line.status or "—",
                          Text(statement[:room] + ("…" if len(statement) > room else "")))
        table.move_cursor(row=max(0, cursor))
        self.query_one("#review-heading", Static).update(Text(review_heading(self.index + 1, self.item), style="bold"))
        self.show_point()

    def show_point(self) -> None:
        lines = review_lines(self.item, self._rubric())
        line = lines[min(self.query_one(DataTable).cursor_row, len(lines) - 1)]
        why = f"\nYour reason: {line.reason}" if line.reason else ""
        self.query_one("#review-point", Static).update(Text(printable(line.statement + why)))

    def on_data_table_row_highlighted(self) -> None:
        self.show_point()

    def on_data_table_row_selected(self) -> None:  # Enter on the table
        self.action_confirm()

    def _point(self):
        lines = review_lines(self.item, self._rubric())
        return lines[self.query_one(DataTable).cursor_row]

    def _review(self, verdict, reason: str | None = None) -> None:
        line = self._point()
        try:
            self.coach.review(GradeJob(self.index), line.point_id, verdict, line.reason if reason is None else reason)
        except InterviewerError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        if self.coach is not self.app.coach:
            self.app.coach.schedule = self.coach.schedule  # the app's coach writes the next grades' review rows
        self.fill()

    def action_set_verdict(self, key: str) -> None:
        self._review(VERDICT_KEYS[key])

    def action_confirm(self) -> None:
        self._review(self._point().verdict)

    def action_reason(self) -> None:
        reason = self.query_one(Input)
        reason.value, reason.display = self._point().reason, True
        reason.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_reason()
        self._review(self._point().verdict, event.value)

    def _close_reason(self) -> None:
        self.query_one(Input).display = False
        self.query_one(DataTable).focus()

    def check_action(self, action: str, parameters) -> bool | None:
        """While the reason is typed, its keys are letters, not verdicts."""
        return action == "done" or not isinstance(self.focused, Input)

    def action_done(self) -> None:
        if isinstance(self.focused, Input):
            self._close_reason()
        else:
            self.dismiss()
