"""Messages from grading workers to the app. Every error path has its ...Failed message."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from interviewer.domain.feedback import Feedback


class GradeReady(Message):
    def __init__(self, index: int, feedback: Feedback) -> None:
        super().__init__()
        self.index, self.feedback = index, feedback


class GradeFailed(Message):
    def __init__(self, index: int, error: str) -> None:
        super().__init__()
        self.index, self.error = index, error


class GradePartial(Message):
    def __init__(self, index: int, partial: dict[str, Any]) -> None:
        super().__init__()
        self.index, self.partial = index, partial
