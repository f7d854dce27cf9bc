"""Saving settings rewrites only what changed: the README's example config keeps its comments, tables and
layout byte for byte when the settings screen saves a new model."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Input

from interviewer.bank import load_bank
from interviewer.config_file import update_config
from interviewer.testing.clock import FakeClock
from interviewer.grading.offline import OfflineGrader
from interviewer.settings import load_settings
from interviewer.storage.store import Store
from interviewer.tui.app import make_app
from interviewer.tui.screens.home import HomeScreen

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_example_config() -> str:
    """The README's example config.toml (its TOML block with the prices tables)."""
    blocks = [block.split("```")[0] for block in README.read_text(encoding="utf-8").split("```toml\n")[1:]]
    [example] = [block for block in blocks if "[prices." in block]
    return example


async def test_saving_from_the_settings_screen_changes_only_the_model_line(isolated_environment):
    example = readme_example_config()
    assert '\nmodel = "llama3.1:8b"\n' in example and "#" in example  # the example this test relies on
    path = isolated_environment / "config.toml"
    path.write_text(example, encoding="utf-8")
    app = make_app(load_settings(), grader=OfflineGrader(), store=Store(), clock=FakeClock(), bank=load_bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+e")
        app.screen.query_one("#model", Input).value = "llama3.2:3b"
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert path.read_text(encoding="utf-8") == example.replace('\nmodel = "llama3.1:8b"\n', '\nmodel = "llama3.2:3b"\n')


def test_a_key_the_file_lacks_is_added_and_one_set_to_none_removed(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('model = "m"  # mine\n\n[prices.m]\nprompt = 1\ncompletion = 2\n')
    update_config({"grader": "offline", "banks": [tmp_path / "bank.yaml"]}, path)
    update_config({"model": None}, path)
    written = path.read_text()
    assert "model" not in written.split("[prices.m]")[0] and "[prices.m]\nprompt = 1\ncompletion = 2\n" in written
    assert tomllib.loads(written) == {"grader": "offline", "banks": [str(tmp_path / "bank.yaml")],
                                 "prices": {"m": {"prompt": 1, "completion": 2}}}
