"""A question with a few answers, each on a key: asked before anything would discard what was typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ChoiceScreen(ModalScreen[str]):
    """Dismisses with the chosen key; escape picks `cancel`."""

    def __init__(self, question: str, choices: list[tuple[str, str]], cancel: str) -> None:
        super().__init__()
        self.question, self.choices, self.cancel = question, choices, cancel
        self._bindings_for(choices)

    def _bindings_for(self, choices: list[tuple[str, str]]) -> None:
        for key, label in choices:
            self._bindings.bind(key, f"choose('{key}')", label, priority=True)
        self._bindings.bind("escape", f"choose('{self.cancel}')", "Cancel", priority=True)

    def compose(self) -> ComposeResult:
        with Vertical(id="choice"):
            yield Static(self.question, id="choice-question")
            for key, label in self.choices:
                yield Static(f"[b]{key}[/b]  {label}", classes="choice-option")
            yield Static("esc  cancel", classes="choice-option")

    def action_choose(self, key: str) -> None:
        self.dismiss(key)
