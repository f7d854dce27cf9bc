"""Progress over time: the same figures as `interviewer stats`."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from interviewer.presentation.history import SPARK_POINTS, history, render
from interviewer.tui.screens.base import AppScreen


class ProgressScreen(AppScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        app = self.app
        rows = app.store.progress(app.bank.topic_of(), recent=SPARK_POINTS)  # the screen draws no more
        text = render(history(rows, app.bank, app.coach.rubrics, app.settings.prices), len(app.bank.questions))
        with VerticalScroll(id="progress"):
            yield Static("Progress", classes="title")
            yield Static(Text(text))
        yield Footer()
