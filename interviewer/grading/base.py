"""The one interface every grader implements (offline, OpenAI, scripted fake)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from interviewer.domain.feedback import Feedback
from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric


@dataclass(frozen=True)
class GradeRequest:
    question: Question
    rubric: Rubric
    answer: str
    follow_up_context: str | None = None  # the follow-up question this answer replies to, if any
    hints: int = 0  # hints shown while answering; each costs points (grading.scoring.HINT_COST)


PartialFeedback = Callable[[dict[str, Any]], object]  # what it returns is ignored


class Grader(Protocol):
    kind: str

    async def grade(self, request: GradeRequest, on_partial: PartialFeedback | None = None) -> Feedback:
        """Grade one answer. Graders that stream pass each partial reply (a dict) to `on_partial`."""
        ...
