"""Past interviews, newest first: pick one to see its report and feedback. Rows come a page at a time
from the summary rows, so a long history opens as fast as a short one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

PAGE = 40  # more than a screen holds; the next page loads when the cursor reaches the last row


class TranscriptsScreen(Screen):
    BINDINGS = [Binding("enter", "open", "Open", priority=True), Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        with Vertical(id="transcripts"):
            yield Static("Past interviews (newest first)", classes="title")
            yield DataTable(id="transcript-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="transcript-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.sessions = []
        self.query_one(DataTable).add_columns("id", "started", "kind", "mode", "answered", "average", "status")
        self.load_page()
        problems = self.app.store.import_problems
        self.query_one("#transcript-problems", Static).update(
            ("Skipped unreadable parts of older files:\n" + "\n".join(problems[:5])) if problems else
            ("" if self.sessions else "No interviews yet."))
        self.query_one(DataTable).focus()

    def load_page(self) -> None:
        page = self.app.store.sessions(limit=PAGE, offset=len(self.sessions))
        self.sessions += page
        self.query_one(DataTable).add_rows(
            (s.id, f"{s.started_at:%Y-%m-%d %H:%M}", s.kind, s.mode, f"{s.answered}/{s.questions}",
             f"{s.average:.1f}" if s.average is not None else "—", s.status) for s in page)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row == len(self.sessions) - 1 and len(self.sessions) % PAGE == 0 and self.sessions:
            self.load_page()

    def action_open(self) -> None:
        from interviewer.errors import InterviewerError
        from interviewer.tui.screens.report import ReportScreen

        if not self.sessions:
            return
        try:
            replay = self.app.store.load(self.sessions[self.query_one(DataTable).cursor_row].id)
        except InterviewerError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        self.app.push_screen(ReportScreen(replay.record))
