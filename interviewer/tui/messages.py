"""Messages from grading workers to the app. Every error path has its ...Failed message. The app handles
each, then hands it to the screen on top, whose `on_grade_ready`, `on_grade_failed` or `on_grade_partial`
shows it (AppScreen's do nothing)."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from interviewer.domain.feedback import Feedback
from interviewer.engine.coach import GradeJob


class GradeUpdate(Message):
    """A grade of `job` arrived, failed or progressed; `live`: of the interview in progress (else a
    past interview graded again)."""

    def __init__(self, job: GradeJob, live: bool) -> None:
        super().__init__()
        self.job, self.live = job, live


class GradeReady(GradeUpdate):
    def __init__(self, job: GradeJob, feedback: Feedback, live: bool = True) -> None:
        super().__init__(job, live)
        self.feedback = feedback


class GradeFailed(GradeUpdate):
    def __init__(self, job: GradeJob, error: str, live: bool = True) -> None:
        super().__init__(job, live)
        self.error = error


class GradePartial(GradeUpdate):
    def __init__(self, job: GradeJob, partial: dict[str, Any], live: bool = True) -> None:
        super().__init__(job, live)
        self.partial = partial
