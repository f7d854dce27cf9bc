"""The command palette runs the app's own actions; settings refuse an LLM grader that has no endpoint."""

from __future__ import annotations

from textual.command import CommandList
from textual.widgets import Select

from interviewer.testing.clock import FakeClock
from interviewer.engine.coach import MockOptions
from interviewer.grading.offline import OfflineGrader
from interviewer.settings import load_settings
from interviewer.storage.store import Store
from interviewer.tui.app import make_app
from interviewer.tui.palette import AppCommands
from interviewer.tui.screens.home import HomeScreen, grader_status
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.tui.screens.settings import SettingsScreen
from interviewer.tui.screens.transcripts import TranscriptsScreen


def home_app(start_mock: MockOptions | None = None, grader: str = "offline"):
    return make_app(load_settings(grader=grader), grader=OfflineGrader(), store=Store(), clock=FakeClock(),
                    start_mock=start_mock)


async def run_from_palette(pilot, text: str) -> None:
    """Open the palette, type `text`, wait for the matches, press enter."""
    await pilot.press("ctrl+p")
    await pilot.press(*text)
    for _ in range(50):
        await pilot.pause()
        if pilot.app.screen.query_one(CommandList).option_count:
            break
    else:
        raise AssertionError(f"the palette found nothing for {text!r}")
    await pilot.press("enter")
    await pilot.pause()


def palette_commands(app) -> dict[str, str]:
    """name -> help of what the palette offers on the current screen."""
    return {name: help_text for name, _, help_text in AppCommands(app.screen).commands()}


async def test_palette_finds_and_runs_drill(isolated_environment):
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_from_palette(pilot, "drill")
        assert isinstance(app.screen, InterviewScreen)
        assert app.coach.interview.record.config.kind == "drill"


async def test_palette_finds_and_runs_history(isolated_environment):
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_from_palette(pilot, "history")
        assert isinstance(app.screen, TranscriptsScreen)


async def test_palette_start_uses_the_options_the_home_screen_shows(isolated_environment):
    from dataclasses import replace

    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.mock_options = replace(app.mock_options, questions=2)
        await run_from_palette(pilot, "start mock")
        assert isinstance(app.screen, InterviewScreen) and app.coach.interview.total == 2


async def test_palette_commands_show_their_keys_and_hide_what_would_replace_an_interview(isolated_environment):
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        offered = palette_commands(app)
        assert "ctrl+d" in offered["Drill what is due"] and "ctrl+o" in offered["History"]
        assert "Resume interrupted interview" not in offered and "Export transcript" not in offered
        await run_from_palette(pilot, "drill")
        offered = palette_commands(app)  # an interview is under way
        assert "Drill what is due" not in offered and "Start mock interview" not in offered
        assert "Settings" in offered and "Export transcript" in offered


async def test_palette_exports_the_open_interview_to_the_current_folder(isolated_environment, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = home_app(MockOptions(questions=1, seed=3, follow_ups=0))
    async with app.run_test(size=(80, 24)) as pilot:
        record = app.coach.interview.record
        await run_from_palette(pilot, "export")
        assert isinstance(app.screen, InterviewScreen)
        written = tmp_path / f"{record.id}.md"
        assert app.bank.get(record.records[0].question_id).text in written.read_text()
        assert any(str(written) in n.message for n in app._notifications)


async def choose_grader(pilot, grader: str) -> None:
    await pilot.press("ctrl+e")
    assert isinstance(pilot.app.screen, SettingsScreen)
    pilot.app.screen.query_one("#grader", Select).value = grader
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_choosing_the_llm_grader_without_a_key_says_what_is_missing(isolated_environment, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await choose_grader(pilot, "openai")
        assert isinstance(app.screen, SettingsScreen) and app.coach.grader.kind == "offline"  # refused
        message = " ".join(n.message for n in app._notifications)
        assert "OPENAI_API_KEY" in message and "OPENAI_BASE_URL" in message and "api_key / base_url" in message
        await pilot.press("ctrl+w")  # nor saved
        await pilot.pause()
        assert not (isolated_environment / "config.toml").exists()


async def test_auto_without_a_key_says_it_grades_offline(isolated_environment, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await choose_grader(pilot, "auto")
        assert isinstance(app.screen, HomeScreen) and app.coach.grader.kind == "offline"
        assert any("Grading offline" in n.message for n in app._notifications)


async def test_the_home_screen_promises_a_fallback_only_under_auto(isolated_environment):
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await choose_grader(pilot, "openai")  # the test environment has a (fake) key
        assert "no offline fallback" in grader_status(app) and "falls back" not in grader_status(app)
        await choose_grader(pilot, "auto")
        assert "falls back to offline" in grader_status(app)
