"""Choose the next mock interview: how many questions, how long, which mode, topic, kind and difficulty.
The choice is remembered for the session, so the home screen's ctrl+s starts the same kind again."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Select, Static

from interviewer.domain.questions import Kind, Topic
from interviewer.engine.coach import MockOptions
from interviewer.tui.screens.base import AppScreen


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class NewInterviewScreen(AppScreen):
    BINDINGS = [Binding("ctrl+s", "start", "Start", priority=True), Binding("escape", "back", "Back")]

    def compose(self) -> ComposeResult:
        chosen: MockOptions = self.app.mock_options
        with VerticalScroll(id="new-interview"):  # a small terminal scrolls the form; the footer stays
            yield Static("New mock interview", classes="title")
            with Vertical(id="mock-form"):
                yield self._row("Questions", Input(str(chosen.questions), id="questions", type="integer", compact=True))
                yield self._row("Minutes / question", Input(_number(chosen.minutes_per_question), id="minutes",
                                                            type="number", placeholder="no limit", compact=True))
                yield self._row("Whole interview (min)", Input(_number(chosen.total_minutes), id="total",
                                                               type="number", placeholder="no limit", compact=True))
                yield self._row("Mode", Select([("practice: feedback after each answer", "practice"),
                                                ("strict: feedback at the end", "strict")],
                                               value=chosen.mode, allow_blank=False, id="mode", compact=True))
                yield self._row("Topic", self._select("topic", [(t.value, t.value) for t in Topic], "all topics",
                                                      chosen.topics))
                yield self._row("Kind", self._select("kind", [(k.value, k.value) for k in Kind], "all kinds",
                                                     chosen.kinds))
                yield self._row("Difficulty", self._select("difficulty", [("1 definitions", 1), ("2 how / why", 2),
                                                                          ("3 design, scale", 3)], "any",
                                                           chosen.difficulties))
            with Horizontal(id="form-buttons"):
                yield Button("Start mock interview", id="start", variant="primary")
                yield Button("Back", id="back")
        yield Footer()

    @staticmethod
    def _row(label: str, widget) -> Horizontal:
        return Horizontal(Label(label, classes="form-label"), widget, classes="form-row")

    @staticmethod
    def _select(widget_id: str, choices: list, prompt: str, chosen: tuple) -> Select:
        value = chosen[0] if chosen else Select.NULL
        return Select(choices, prompt=prompt, value=value, id=widget_id, compact=True)

    def on_mount(self) -> None:
        self.query_one("#questions", Input).focus()

    def options(self) -> MockOptions | None:
        """The form's choice, or None (and a notice saying what to fix) when a number is wrong."""
        try:
            count = int(self.query_one("#questions", Input).value or 5)
            minutes_text = self.query_one("#minutes", Input).value.strip()
            total_text = self.query_one("#total", Input).value.strip()
            minutes = float(minutes_text) if minutes_text else None
            total = float(total_text) if total_text else None
        except ValueError:
            self.notify("Questions and minutes must be numbers.", severity="error")
            return None
        if count < 1 or (minutes is not None and minutes <= 0) or (total is not None and total <= 0):
            self.notify("Questions and minutes must be positive.", severity="error")
            return None

        def chosen(widget_id: str) -> tuple:
            value = self.query_one(f"#{widget_id}", Select).value
            return () if value is Select.NULL else (value,)

        return replace(self.app.mock_options, questions=count, minutes_per_question=minutes, total_minutes=total,
                       mode=str(self.query_one("#mode", Select).value), topics=chosen("topic"), kinds=chosen("kind"),
                       difficulties=chosen("difficulty"))

    def action_start(self) -> None:
        options = self.options()
        if options:
            self.app.mock_options = options
            self.app.begin_mock(options)

    def action_back(self) -> None:
        """Back home, keeping the choice when it is valid (the home screen then shows it)."""
        options = self.options()
        if options:
            self.app.mock_options = options
        self.app.pop_screen()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"start": self.action_start, "back": self.action_back}[event.button.id or ""]()

    def on_input_submitted(self) -> None:
        self.action_start()
