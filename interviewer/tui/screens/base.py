"""The base of the app's screens: `self.app` typed as the InterviewerApp (Textual types it as any App), so
the type checker sees the coach, store and settings the screens use; and what the app asks of any screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

from interviewer.tui.messages import GradeFailed, GradePartial, GradeReady

if TYPE_CHECKING:
    from interviewer.domain.session import SessionRecord
    from interviewer.tui.app import InterviewerApp


class AppScreen(Screen):
    if TYPE_CHECKING:
        app: InterviewerApp

    @property
    def shown_record(self) -> SessionRecord | None:
        """The interview this screen shows (the palette's export writes it), if any."""
        return None

    def before_quit(self, quit_app: Callable[[], None]) -> None:
        """Keep what this screen holds, then call `quit_app` (or ask first when it cannot be kept)."""
        quit_app()

    # A grade the app handled, handed on to the screen on top; a screen that shows grades overrides these.
    def on_grade_ready(self, message: GradeReady) -> None:
        pass

    def on_grade_failed(self, message: GradeFailed) -> None:
        pass

    def on_grade_partial(self, message: GradePartial) -> None:
        pass
