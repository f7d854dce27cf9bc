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
    BINDINGS = [
        Binding("enter", "open", "Open", priority=True),
        Binding("ctrl+r", "resume", "Resume"),
        Binding("d", "delete", "Delete"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="transcripts"):
            yield Static("Past interviews (newest first)", classes="title")
            yield Static(Content(sessions_header(with_id=False)), id="transcript-header")
            # One line of text per interview: a table would measure and draw every cell of every row.
            yield OptionList(id="transcript-list")
            yield Static("", id="transcript-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.sessions: list[SessionSummary] = []
        self.more = True
        self.query_one(OptionList).clear_options()
        self.load_page()
        problems = self.app.store.import_problems
        self.query_one("#transcript-problems", Static).update(Content(  # file names, shown as they are
            ("Skipped unreadable parts of older files:\n" + "\n".join(problems[:5])) if problems else
            ("" if self.sessions else "No interviews yet.")))
        listed = self.query_one(OptionList)
        self.query_one("#transcript-header").display = listed.display = bool(self.sessions)
        listed.highlighted = 0 if self.sessions else None
        listed.focus()

    def load_page(self) -> None:
        page = self.app.store.sessions(limit=PAGE, offset=len(self.sessions))
        self.sessions += page
        self.more = len(page) == PAGE  # a short page was the last: reaching its end asks for nothing more
        under_way = self.under_way_id()
        self.query_one(OptionList).add_options(
            Content(session_row(s, with_id=False, under_way=s.id == under_way)) for s in page)

    def under_way_id(self) -> str | None:
        """The interview this app is running: listed as under way, not as interrupted."""
        interview = self.app.coach.interview
        return interview.record.id if interview is not None and not interview.record.finished else None

    def highlighted(self):
        index = self.query_one(OptionList).highlighted
        return None if index is None else self.sessions[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()  # the footer offers resume on an interrupted interview only
        if self.more and event.option_index == len(self.sessions) - 1:
            self.load_page()

    def check_action(self, action: str, parameters) -> bool | None:
        """Resume is offered on an interrupted interview, while no other is under way."""
        if action == "resume":
            chosen = self.highlighted() if self.is_mounted else None
            return chosen is not None and not chosen.finished and self.under_way_id() is None
        return True

    def action_resume(self) -> None:
        chosen = self.highlighted()
        if chosen is not None and not chosen.finished and self.under_way_id() is None:
            self.app.go_home()
            self.app.resume(chosen.id)

    def action_delete(self) -> None:
        from interviewer.tui.screens.choice import ChoiceScreen

        chosen = self.highlighted()
        if chosen is None:
            return
        if chosen.id == self.under_way_id():
            self.notify("That interview is under way: end it first (ctrl+t on its question).")
            return
        question = (f"Delete the interview of {chosen.started_at:%Y-%m-%d %H:%M} ({chosen.answered}/{chosen.questions} "
                    "answered) from history and progress? This cannot be undone.")
        self.app.push_screen(ChoiceScreen(question, [("y", "Yes, delete it")], cancel="n"),
                             lambda choice: self._delete(chosen.id) if choice == "y" else None)

    def _delete(self, session_id: str) -> None:
        from interviewer.storage.database import StorageError

        try:
            self.app.store.delete(session_id)
        except StorageError as exc:
            self.notify(exc.message, title="Not deleted", severity="error")
            return
        index = self.query_one(OptionList).highlighted or 0
        self.reload()
        if self.sessions:
            self.query_one(OptionList).highlighted = min(index, len(self.sessions) - 1)
        self.notify("Interview deleted.")

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
