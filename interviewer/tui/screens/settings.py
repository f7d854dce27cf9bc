"""Settings: which grader, model and endpoint; the key is never shown (it stays in the environment or
the config file, where a key belongs)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Label, Select, Static

from interviewer import graders
from interviewer.tui.screens.base import AppScreen


class SettingsScreen(AppScreen):
    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", priority=True),
        Binding("ctrl+w", "save", "Save to config file", priority=True),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def compose(self) -> ComposeResult:
        from interviewer.locations import config_file

        settings = self.app.settings
        with Vertical(id="settings"):
            yield Static("Settings", classes="title")
            yield Horizontal(Label("Grader", classes="form-label"),
                             Select([(graders.label(choice), choice) for choice in graders.CHOICES],
                                    value=settings.grader, allow_blank=False, id="grader", compact=True),
                             classes="form-row")
            yield Horizontal(Label("Model", classes="form-label"), Input(settings.model, id="model", compact=True),
                             classes="form-row")
            yield Horizontal(Label("Base URL", classes="form-label"),
                             Input(settings.base_url or "", id="base-url", compact=True,
                                   placeholder="empty: OpenAI; e.g. http://localhost:11434/v1 for Ollama"),
                             classes="form-row")
            yield Horizontal(Label("API key", classes="form-label"),
                             Static("set (from the environment or config file)" if settings.api_key else "not set"),
                             classes="form-row")
            yield Static(Content(f"Config file: {config_file()}"), id="settings-path")
        yield Footer()

    def _chosen(self):
        from interviewer.settings import load_settings

        return load_settings(grader=self.query_one("#grader", Select).value,
                             model=self.query_one("#model", Input).value.strip() or None,
                             base_url=self.query_one("#base-url", Input).value.strip() or None)

    def _valid_choice(self):
        """The chosen settings, or None after saying why they cannot be used."""
        from interviewer.errors import InterviewerError
        from interviewer.settings import llm_grader_problem

        try:
            settings = self._chosen()
        except InterviewerError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return None
        problem = llm_grader_problem(settings)
        if problem:
            self.notify(problem, title="LLM grader not configured", severity="error", timeout=15)
            return None
        return settings

    def action_apply(self) -> None:
        settings = self._valid_choice()
        if settings:
            self._apply(settings)

    def _apply(self, settings) -> None:
        kind = self.app.apply_settings(settings)
        if graders.BACKENDS[kind].needs_llm:
            self.notify(f"Grading with: LLM {settings.model}")
        elif settings.grader == graders.AUTO:
            self.notify("Grading offline (embedded): auto uses the LLM only when OPENAI_API_KEY or OPENAI_BASE_URL "
                        "is set, and neither is.", title="No LLM configured", timeout=10)
        else:
            self.notify(f"Grading with: {graders.label(kind)}")
        self.app.pop_screen()

    def action_save(self) -> None:
        from interviewer.config_file import update_config
        from interviewer.errors import InterviewerError

        settings = self._valid_choice()
        if settings is None:
            return
        try:
            chosen = {"grader": settings.grader, "model": settings.model}
            if self.query_one("#base-url", Input).value.strip():
                chosen["base_url"] = settings.base_url
            path = update_config(chosen)
        except InterviewerError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        self.notify(f"Saved to {path}")
        self._apply(settings)
