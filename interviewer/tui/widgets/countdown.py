"""Shows the time left that the engine reports; it keeps no time of its own."""

from __future__ import annotations

from textual.widgets import Static


def format_seconds(seconds: float) -> str:
    seconds = int(round(abs(seconds)))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class Countdown(Static):
    def show(self, seconds_left: float | None) -> None:
        self.remove_class("low", "over")
        if seconds_left is None:
            self.update("no time limit")
        elif seconds_left >= 0:
            self.update(f"{format_seconds(seconds_left)} left")
            if seconds_left < 30:
                self.add_class("low")
        else:
            self.update(f"over by {format_seconds(seconds_left)}")
            self.add_class("over")
