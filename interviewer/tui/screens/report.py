"""The end of an interview: scores, topics, time, weakest points, where the transcript is. The figures come
from interviewer.presentation.report; this screen lays them out to the terminal's width."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from interviewer.domain.session import SessionRecord
from interviewer.engine.coach import GradeJob
from interviewer.presentation.report import (
    WEAK_BELOW, follow_up_scores, report_details, report_summary, score_cell, shared_allowance, time_cell,
    weakest_topics,
)
from interviewer.presentation.view import mm_ss
from interviewer.tui.messages import GradeFailed, GradeReady
from interviewer.tui.screens.base import AppScreen

CELL_PADDING = 2  # a DataTable cell's padding, both sides together
CHROME = 4  # the screen's padding and the table's vertical scrollbar
NARROW = 70  # columns: below this the table leaves out the topic


class ReportScreen(AppScreen):
    BINDINGS = [
        Binding("enter", "open", "Open", priority=True),
        Binding("ctrl+d", "drill", "Drill weakest", priority=True),
        Binding("r", "retry", "Retry failed"),
        Binding("v", "review", "Review verdicts"),
        Binding("escape", "home", "Back"),
    ]

    def __init__(self, record: SessionRecord | None = None) -> None:
        super().__init__()
        self._record = record  # a past interview; None for the one just finished
        self.filled_width = 0
        self.retryable = False

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
        self.fit_width()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        self.fit_width()

    def fit_width(self) -> None:
        """The columns are sized to the terminal's width: fill again when it changed (only then: filling
        twice before the table has drawn left its columns at their titles' widths)."""
        if self.app.size.width != self.filled_width:
            self.fill()

    def fill(self) -> None:
        record, bank = self.record, self.app.bank
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        self.filled_width = self.app.size.width
        table.clear(columns=True)
        # One allowance for every question (the usual case) goes in the column's title ("time/01:00"), so
        # each cell is just the time used: "00:09/01:00" in every row was cut at 80 columns with ten questions.
        shared = shared_allowance(record)
        rows = []
        for i, item in enumerate(record.records, 1):
            grading = self._record is None or (record.id, GradeJob(i - 1)) in self.app.in_flight
            question = bank.questions.get(item.question_id)
            text = question.text if question else f"{item.question_id} (not in the question bank)"
            rows.append([str(i), text, question.topic.value if question else "—", score_cell(item, grading),
                         follow_up_scores(item), time_cell(item, shared is not None)])
        titles = ["#", "question", "topic", "score", "follow-ups", f"time/{mm_ss(shared)}" if shared else "time"]
        if self.app.size.width < NARROW:  # the topic is in "By topic" below; the question needs the room
            titles.pop(2)
            rows = [row[:2] + row[3:] for row in rows]
        room = self.question_room(titles, rows)
        table.add_columns(*titles)
        # The question as Text, not str: a table reads a str cell as markup, and bank text is shown as written.
        table.add_rows([row[0], Text(row[1][:room] + ("…" if len(row[1]) > room else "")), *row[2:]] for row in rows)
        self.retryable = any(row[-3].endswith("(r)") for row in rows)  # the score column
        table.move_cursor(row=min(cursor, len(record.records) - 1))
        self.query_one("#report-summary", Static).update(Text(report_summary(record)))
        details = report_details(record, bank, self.app.coach.rubrics, self.app.settings.prices)
        self.query_one("#report-details", Static).update(Text("\n".join(details)))  # bank text as written

    def question_room(self, titles: list[str], rows: list[list[str]]) -> int:
        """What is left of the width for the question once the other columns have theirs (at least 10)."""
        widths = [max(len(titles[c]), *(len(row[c]) for row in rows)) for c in range(len(titles)) if c != 1]
        return max(10, self.app.size.width - CHROME - sum(widths) - CELL_PADDING * len(titles) - 1)

    @property
    def shown_record(self) -> SessionRecord:
        return self.record

    def on_grade_ready(self, message: GradeReady) -> None:
        self.fill()
        self.refresh_bindings()

    def on_grade_failed(self, message: GradeFailed) -> None:
        self.fill()
        self.refresh_bindings()

    def action_open(self) -> None:
        from interviewer.errors import BadInputError
        from interviewer.tui.screens.feedback import FeedbackScreen

        index = self.query_one(DataTable).cursor_row
        try:
            self.app.bank.require([self.record.records[index].question_id], "show this feedback")
        except BadInputError as exc:
            self.notify(exc.message, title=exc.title, severity="warning")
            return
        self.app.push_screen(FeedbackScreen(index, record=self._record))

    def action_review(self) -> None:
        from interviewer.presentation.review import reviewable
        from interviewer.tui.screens.review import ReviewScreen

        index = self.query_one(DataTable).cursor_row
        if reviewable(self.record, index, live=False):  # the report comes after the interview, strict or not
            self.app.push_screen(ReviewScreen(index, self._record), lambda _: self.fill())
        else:
            self.notify("This answer has no graded verdicts to review.")

    def action_drill(self) -> None:
        from interviewer.engine.coach import MockOptions

        weakest = weakest_topics(self.record, self.app.bank, 2)
        if not weakest:
            graded = any(item.feedback for item in self.record.records)
            why = f"every topic scored {WEAK_BELOW:g} or more" if graded else "no answer in it was graded"
            self.notify(f"Nothing weak to drill here: {why}. ctrl+d on the home screen drills what is due.")
            return
        self.app.begin_mock(MockOptions(questions=3, mode="practice", topics=tuple(weakest), drill=True))

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "retry":  # offered where a grade failed or died with an earlier process: "(r)" in the table
            return self.retryable or any(f.grading_error for r in self.record.records for f in r.follow_ups)
        return True

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
