"""Settings: which grader and model; the endpoint is shown, the key never is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, Static


class SettingsScreen(Screen):
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
                             Select([("auto: LLM when configured, else offline", "auto"), ("openai-compatible LLM", "openai"),
                                     ("offline (embedded)", "offline")], value=settings.grader, allow_blank=False,
                                    id="grader", compact=True), classes="form-row")
            yield Horizontal(Label("Model", classes="form-label"), Input(settings.model, id="model", compact=True),
                             classes="form-row")
            yield Horizontal(Label("Base URL", classes="form-label"),
                             Static(settings.base_url or "OpenAI (set OPENAI_BASE_URL for another endpoint)"),
                             classes="form-row")
            yield Horizontal(Label("API key", classes="form-label"),
                             Static("set (from the environment or config file)" if settings.api_key else "not set"),
                             classes="form-row")
            yield Static(f"Config file: {config_file()}", id="settings-path")
        yield Footer()

    def _chosen(self):
        from interviewer.settings import load_settings

        return load_settings(grader=self.query_one("#grader", Select).value,
                             model=self.query_one("#model", Input).value.strip() or None)

    def action_apply(self) -> None:
        from interviewer.errors import InterviewerError

        try:
            settings = self._chosen()
        except InterviewerError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        kind = self.app.apply_settings(settings)
        self.notify(f"Grading with: {kind} ({settings.model if kind == 'openai' else 'embedded'})")
        self.app.pop_screen()

    def action_save(self) -> None:
        from interviewer.config_file import update_config
        from interviewer.errors import InterviewerError

        try:
            path = update_config({"grader": self.query_one("#grader", Select).value,
                                  "model": self.query_one("#model", Input).value.strip() or self.app.settings.model})
        except InterviewerError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        self.notify(f"Saved to {path}")
        self.action_apply()
