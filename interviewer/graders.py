"""The grader backends, in one registry: name, label, what each needs configured, and how to build it.

Settings validation, every `--grader` choice list, the settings screen, grade labels and the names a
grade's provenance may carry all derive from `BACKENDS`. A backend is built from a "module:function"
path, imported on the first grade, so start-up never loads a backend's dependencies and this module
imports nothing of the package (settings and the domain may read it). docs/contributing.md has the
recipe for adding one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Backend:
    name: str  # in settings, `--grader`, a session's config and a grade's provenance
    label: str  # for people: the settings screen and grade labels
    build: str  # "module:function": the function takes the Settings and returns a Grader
    needs_llm: bool = False  # needs an API key or an endpoint (settings.llm_configured) to grade at all


BACKENDS = {backend.name: backend for backend in (
    Backend("openai", "openai-compatible LLM", "interviewer.grading.openai_grader:OpenAIGrader.from_settings",
            needs_llm=True),
    Backend("offline", "offline grader (embedded, no LLM)", "interviewer.grading.factory:build_offline"),
)}
AUTO = "auto"  # the LLM backend when one is configured, else the offline one (which it then falls back to)
AUTO_LLM, OFFLINE = "openai", "offline"
CHOICES = (AUTO, *BACKENDS)  # what a user may choose
AUTO_LABEL = f"auto: {BACKENDS[AUTO_LLM].label} when configured, else {OFFLINE}"
# Graders that are no backend a user chooses but may sign a grade: the validity gate, the test fake.
PROVENANCE_NAMES = (*BACKENDS, "gate", "fake")


def known(name: str, names: tuple[str, ...]) -> str:
    """`name` when it is one of `names`, else a ValueError naming them (for the validators)."""
    if name not in names:
        raise ValueError(f"{name!r} is no grader; choose one of: {', '.join(names)}")
    return name


def label(choice: str) -> str:
    return AUTO_LABEL if choice == AUTO else BACKENDS[choice].label
