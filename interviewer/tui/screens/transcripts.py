"""Past interviews, newest first: pick one to see its report and feedback. Rows come a page at a
time from the summary rows, so a long history opens as fast as a short one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static

from interviewer.presentation.sessions import session_row, sessions_header
from interviewer.storage.store import SessionSummary
from interviewer.tui.screens.base import AppScreen

PAGE = 20  # more than the list shows; the next page loads when the cursor reaches the last row


class TranscriptsScreen(AppScreen):
    BINDINGS = [Binding("enter", "open", "Open", priority=True), Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        with Vertical(id="transcripts"):
            yield Static("Past interviews (newest first)", classes="title")
            yield Static(Content(sessions_header(with_id=False)), id="transcript-header")
            # One line of text per interview: a table would measure and draw every cell of every row.
            yield OptionList(id="transcript-list")
            yield Static("", id="transcript-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.sessions: list[SessionSummary] = []
        self.more = True
        self.load_page()
        problems = self.app.store.import_problems
        self.query_one("#transcript-problems", Static).update(
            ("Skipped unreadable parts of older files:\n" + "\n".join(problems[:5])) if problems else
            ("" if self.sessions else "No interviews yet."))
        listed = self.query_one(OptionList)
        self.query_one("#transcript-header").display = listed.display = bool(self.sessions)
        listed.highlighted = 0 if self.sessions else None
        listed.focus()

    def load_page(self) -> None:
        page = self.app.store.sessions(limit=PAGE, offset=len(self.sessions))
        self.sessions += page
        self.more = len(page) == PAGE  # a short page was the last: reaching its end asks for nothing more
        self.query_one(OptionList).add_options(Content(session_row(s, with_id=False)) for s in page)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.more and event.option_index == len(self.sessions) - 1:
            self.load_page()

    def action_open(self) -> None:
        from interviewer.errors import InterviewerError
        from interviewer.tui.screens.report import ReportScreen

        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None:
            return
        try:
            replay = self.app.store.load(self.sessions[highlighted].id)
        except InterviewerError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        self.app.push_screen(ReportScreen(replay.record))
