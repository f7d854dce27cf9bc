"""The end of an interview: scores, topics, time, weakest points, where the transcript is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from interviewer.domain.session import SessionRecord
from interviewer.presentation.report import (
    follow_up_scores, report_details, report_summary, score_cell, time_cell, weakest_topics,
)
from interviewer.tui.messages import GradeFailed, GradeReady
from interviewer.tui.screens.base import AppScreen


class ReportScreen(AppScreen):
    BINDINGS = [
        Binding("enter", "open", "Open", priority=True),
        Binding("ctrl+d", "drill", "Drill weakest", priority=True),
        Binding("r", "retry", "Retry failed"),
        Binding("escape", "home", "Back"),
    ]

    def __init__(self, record: SessionRecord | None = None) -> None:
        super().__init__()
        self._record = record  # a past interview; None for the one just finished

    @property
    def record(self) -> SessionRecord:
        return self._record or self.app.coach.live.record

    def compose(self) -> ComposeResult:
        with Vertical(id="report"):
            yield Static("", id="report-summary")
            yield DataTable(id="report-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="report-details")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "question", "topic", "score", "follow-ups", "time")
        self.fill()
        table.focus()

    def fill(self) -> None:
        record, bank = self.record, self.app.bank
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for i, item in enumerate(record.records, 1):
            question = bank.get(item.question_id).text
            room = max(16, self.app.size.width - 70)  # the other columns need about 70 cells
            table.add_row(str(i), question[:room] + ("…" if len(question) > room else ""), bank.get(item.question_id).topic.value,
                          score_cell(item), follow_up_scores(item), time_cell(item))
        table.move_cursor(row=min(cursor, len(record.records) - 1))
        self.query_one("#report-summary", Static).update(report_summary(record))
        details = report_details(record, bank, self.app.coach.rubrics, self.app.settings.prices)
        self.query_one("#report-details", Static).update("\n".join(details))

    @property
    def shown_record(self) -> SessionRecord:
        return self.record

    def on_grade_ready(self, message: GradeReady) -> None:
        self.fill()

    def on_grade_failed(self, message: GradeFailed) -> None:
        self.fill()

    def action_open(self) -> None:
        from interviewer.tui.screens.feedback import FeedbackScreen

        self.app.push_screen(FeedbackScreen(self.query_one(DataTable).cursor_row, record=self._record))

    def action_drill(self) -> None:
        from interviewer.engine.coach import MockOptions

        weakest = weakest_topics(self.record, self.app.bank, 2)
        self.app.begin_mock(MockOptions(questions=3, mode="practice", topics=tuple(weakest)))

    def action_retry(self) -> None:
        if self.app.retry(record=self._record):
            self.fill()
        else:
            self.notify("Nothing to retry: no grade failed in this interview.")

    def action_home(self) -> None:
        if self._record is not None:
            self.app.pop_screen()  # back to the transcript list
        else:
            self.app.go_home()
