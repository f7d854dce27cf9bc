"""Progress over time: the same figures as `interviewer stats`."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from interviewer.storage.history import history, render


class ProgressScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        records = [s.replay.record for s in self.app.store.all() if s.replay.record]
        text = render(history(records, self.app.bank), len(self.app.bank.questions))
        with VerticalScroll(id="progress"):
            yield Static("Progress", classes="title")
            yield Static(Text(text))
        yield Footer()
