"""Messages from grading workers to the app. Every error path has its ...Failed message."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from interviewer.domain.feedback import Feedback
from interviewer.engine.coach import GradeJob


class GradeReady(Message):
    def __init__(self, job: GradeJob, feedback: Feedback, live: bool = True) -> None:
        super().__init__()
        self.job, self.feedback, self.live = job, feedback, live  # live: the interview in progress


class GradeFailed(Message):
    def __init__(self, job: GradeJob, error: str, live: bool = True) -> None:
        super().__init__()
        self.job, self.error, self.live = job, error, live


class GradePartial(Message):
    def __init__(self, job: GradeJob, partial: dict[str, Any], live: bool = True) -> None:
        super().__init__()
        self.job, self.partial, self.live = job, partial, live
