"""Past interviews: pick one to see its report and feedback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static


class TranscriptsScreen(Screen):
    BINDINGS = [Binding("enter", "open", "Open", priority=True), Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        with Vertical(id="transcripts"):
            yield Static("Past interviews (newest first)", classes="title")
            yield DataTable(id="transcript-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="transcript-problems")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("id", "started", "kind", "mode", "answered", "average", "status")
        self.sessions = self.app.store.sessions()  # summary rows: no event is replayed until one is opened
        table.add_rows((s.id, f"{s.started_at:%Y-%m-%d %H:%M}", s.kind, s.mode, f"{s.answered}/{s.questions}",
                        f"{s.average:.1f}" if s.average is not None else "—", s.status) for s in self.sessions)
        problems = self.app.store.import_problems
        self.query_one("#transcript-problems", Static).update(
            ("Skipped unreadable parts of older files:\n" + "\n".join(problems[:5])) if problems else
            ("" if self.sessions else "No interviews yet."))
        table.focus()

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
