"""A question with a few answers, each on a key: asked before anything would discard what was typed."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ChoiceScreen(ModalScreen[str]):
    """Dismisses with the chosen key; escape picks `cancel`."""

    def __init__(self, question: str, choices: list[tuple[str, str]], cancel: str) -> None:
        super().__init__()
        self.question, self.choices, self.cancel = question, choices, cancel

    def compose(self) -> ComposeResult:
        with Vertical(id="choice"):
            yield Static(self.question, id="choice-question")
            for key, label in self.choices:
                yield Static(f"[b]{key}[/b]  {label}", classes="choice-option")
            yield Static("esc  cancel", classes="choice-option")

    def on_key(self, event: events.Key) -> None:
        """A choice's key dismisses with it, escape with `cancel`; other keys do nothing here."""
        chosen = event.key if event.key in {key for key, _ in self.choices} else self.cancel if event.key == "escape" else None
        if chosen is not None:
            event.stop()
            self.dismiss(chosen)
