"""The one interface every grader implements (offline, OpenAI, scripted fake)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from interviewer.domain.feedback import Feedback
from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric


@dataclass(frozen=True)
class GradeRequest:
    question: Question
    rubric: Rubric
    answer: str
    follow_up_context: str | None = None  # the follow-up question this answer replies to, if any


class Grader(Protocol):
    kind: str

    async def grade(self, request: GradeRequest) -> Feedback: ...
