"""Build the grader the settings ask for, from the backend registry (interviewer.graders); the offline
grader is the default and the labelled fallback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from interviewer import graders
from interviewer.domain.feedback import Feedback
from interviewer.grading.base import Grader, GradeRequest, PartialFeedback
from interviewer.settings import Settings


class LazyGrader:
    """Builds the real grader on the first grade, in a thread: starting the app never waits for the openai
    import, and the import (about half a second) never freezes the screen's event loop."""

    def __init__(self, kind: str, build: Callable[[], Grader]) -> None:
        self.kind = kind
        self._build = build
        self._grader: Grader | None = None

    async def grade(self, request: GradeRequest, on_partial: PartialFeedback | None = None) -> Feedback:
        grader = self._grader
        if grader is None:
            import asyncio

            grader = await asyncio.to_thread(self._build)
            self._grader = grader
        return await grader.grade(request, on_partial)


def make_graders(settings: Settings) -> tuple[Grader, Grader | None]:
    """(grader, fallback): the one place that decides the fallback policy. Offline when no endpoint is
    configured. Under `auto` a failed LLM grade falls back to the offline grader, labelled; an explicit
    `openai` choice fails loudly instead of silently switching graders, and at once when no key or
    endpoint is set."""
    from interviewer.errors import ConfigError
    from interviewer.settings import llm_grader_problem

    if problem := llm_grader_problem(settings):  # say what is missing now, not after a failed request
        raise ConfigError(problem)
    chosen = settings.resolved_grader
    if chosen == graders.OFFLINE:
        return offline_grader(), None
    fallback = offline_grader() if settings.grader == graders.AUTO else None
    return LazyGrader(chosen, lambda: _build(graders.BACKENDS[chosen], settings)), fallback


def offline_grader() -> Grader:
    """The offline grader, its matcher loaded with the first grade rather than with the app."""
    return LazyGrader(graders.OFFLINE, lambda: _build(graders.BACKENDS[graders.OFFLINE], None))


def build_offline(settings: Settings | None) -> Grader:
    """The offline backend's builder (it reads no settings)."""
    from interviewer.grading.offline import OfflineGrader

    return OfflineGrader()


def _build(backend: graders.Backend, settings: Settings | None) -> Grader:
    """Import the backend's module (on the first grade) and call its builder with the settings."""
    from importlib import import_module

    module, _, path = backend.build.partition(":")
    builder: Any = import_module(module)
    for name in path.split("."):
        builder = getattr(builder, name)
    return builder(settings)
