"""Shows the time left that the engine reports; it keeps no time of its own."""

from __future__ import annotations

from textual.widgets import Static

from interviewer.presentation.view import mm_ss


class Countdown(Static):
    def show(self, seconds_left: float | None) -> None:
        self.remove_class("low", "urgent", "over")
        if seconds_left is None:
            self.update("no time limit")
        elif seconds_left >= 0:
            self.update(f"{mm_ss(seconds_left)} left")
            if seconds_left <= 10:
                self.add_class("urgent")
            elif seconds_left <= 60:
                self.add_class("low")
        else:
            self.update(f"over by {mm_ss(seconds_left)}")
            self.add_class("over")
