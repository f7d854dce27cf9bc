"""Past interviews: pick one to see its report and feedback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from interviewer.storage.export import average


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
        table.add_columns("id", "started", "mode", "answered", "average", "status")
        stored_sessions = list(reversed(self.app.store.all()))
        self.sessions = [s for s in stored_sessions if s.replay.record]
        for stored in self.sessions:
            record = stored.replay.record
            avg = average(record)
            table.add_row(record.id, f"{record.started_at:%Y-%m-%d %H:%M}", record.config.mode,
                          f"{sum(r.answered and not r.skipped for r in record.records)}/{len(record.records)}",
                          f"{avg:.1f}" if avg is not None else "—",
                          "finished" if record.finished else "interrupted")
        problems = [p for s in stored_sessions for p in s.replay.problems]
        self.query_one("#transcript-problems", Static).update(
            ("Skipped unreadable parts:\n" + "\n".join(problems[:5])) if problems else
            ("" if self.sessions else "No interviews yet."))
        table.focus()

    def action_open(self) -> None:
        from interviewer.tui.screens.report import ReportScreen

        if self.sessions:
            stored = self.sessions[self.query_one(DataTable).cursor_row]
            self.app.push_screen(ReportScreen(stored.replay.record, str(stored.path)))
