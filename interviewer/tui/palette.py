"""The command palette's commands for the app's own actions (ctrl+p). Each runs the action a key on the
home screen runs, and its help shows that key; exporting writes the open transcript as Markdown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from interviewer.domain.session import SessionRecord
from interviewer.engine.interview import Phase
from interviewer.tui.screens.base import AppScreen
from interviewer.tui.screens.home import HOME_COMMANDS, HOME_KEYS, HomeScreen

if TYPE_CHECKING:
    from interviewer.tui.app import InterviewerApp


class AppCommands(Provider):
    """Start, drill, resume, history, progress, settings and export, found by name in the palette."""

    @property
    def interviewer(self) -> InterviewerApp:
        return cast("InterviewerApp", self.app)  # Textual types it as any App

    def commands(self) -> list[tuple[str, Callable[[], object], str]]:
        """(name, callback, help) for what can be done from the screen the palette was opened on."""
        app = self.interviewer
        interview = app.coach.interview
        under_way = interview is not None and interview.phase is not Phase.FINISHED
        found = []
        for command in HOME_COMMANDS:
            if command.starts_interview and under_way:
                continue
            if command.action == "resume" and not app.store.interrupted():
                continue
            found.append((command.name, self._home_action(command.action),
                          f"{command.help} ({HOME_KEYS[command.action]} on the home screen)"))
        record = self.open_record(under_way)
        if record is not None:
            found.append(("Export transcript", lambda: export_markdown(app, record),
                          f"interview {record.id} as Markdown in the current folder (palette only)"))
        return found

    def open_record(self, under_way: bool) -> SessionRecord | None:
        """The interview the screen shows (a report or feedback), else the one under way."""
        record = self.screen.shown_record if isinstance(self.screen, AppScreen) else None
        if record is not None:
            return record
        return self.interviewer.coach.live.record if under_way else None

    def _home_action(self, action: str) -> Callable[[], object]:
        async def run() -> None:
            home = next(screen for screen in self.app.screen_stack if isinstance(screen, HomeScreen))
            await self.app.run_action(action, default_namespace=home)

        return run

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


def export_markdown(app, record: SessionRecord) -> None:
    """Write `record` to <id>.md in the current folder and say where; a refused write is one plain line."""
    from interviewer.presentation.export import to_markdown

    path = Path.cwd() / f"{record.id}.md"
    try:
        path.write_text(to_markdown(record, app.bank, app.coach.rubrics, app.settings.prices), encoding="utf-8")
    except OSError as exc:
        app.notify(f"Cannot write {path} ({exc.strerror}).", title="Cannot export", severity="error")
        return
    app.notify(f"Wrote {path}", title="Transcript exported")
