"""Messages from grading workers to the app. Every error path has its ...Failed message."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from interviewer.domain.feedback import Feedback
from interviewer.engine.coach import GradeJob


class GradeReady(Message):
    def __init__(self, job: GradeJob, feedback: Feedback) -> None:
        super().__init__()
        self.job, self.feedback = job, feedback


class GradeFailed(Message):
    def __init__(self, job: GradeJob, error: str) -> None:
        super().__init__()
        self.job, self.error = job, error


class GradePartial(Message):
    def __init__(self, job: GradeJob, partial: dict[str, Any]) -> None:
        super().__init__()
        self.job, self.partial = job, partial
