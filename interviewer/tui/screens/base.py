"""The base of the app's screens: `self.app` typed as the InterviewerApp (Textual types it as any App), so
the type checker sees the coach, store and settings the screens use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from interviewer.tui.app import InterviewerApp


class AppScreen(Screen):
    if TYPE_CHECKING:
        app: InterviewerApp
