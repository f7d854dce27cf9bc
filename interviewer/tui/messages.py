"""Messages from grading workers to the app. Every error path has its ...Failed message."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from interviewer.domain.feedback import Feedback


class GradeReady(Message):
    def __init__(self, index: int, feedback: Feedback, follow_up: int | None = None) -> None:
        super().__init__()
        self.index, self.feedback, self.follow_up = index, feedback, follow_up


class GradeFailed(Message):
    def __init__(self, index: int, error: str, follow_up: int | None = None) -> None:
        super().__init__()
        self.index, self.error, self.follow_up = index, error, follow_up


class GradePartial(Message):
    def __init__(self, index: int, partial: dict[str, Any], follow_up: int | None = None) -> None:
        super().__init__()
        self.index, self.partial, self.follow_up = index, partial, follow_up
