"""Pick the grader the settings ask for; the offline grader is the default and the labelled fallback."""

from __future__ import annotations

from interviewer.grading.base import Grader
from interviewer.grading.offline import OfflineGrader
from interviewer.settings import Settings


def make_graders(settings: Settings) -> tuple[Grader, Grader | None]:
    """(grader, fallback). Offline when no endpoint is configured; the LLM grader falls back to offline."""
    if settings.resolved_grader == "offline":
        return OfflineGrader(), None
    from interviewer.grading.openai_grader import OpenAIGrader

    return OpenAIGrader.from_settings(settings), OfflineGrader()
