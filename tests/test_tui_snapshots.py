"""Snapshots of the main screens at 80x24 and 120x40 (`pytest --snapshot-update` to accept changes)."""

from __future__ import annotations

import pytest

from interviewer.engine.clock import FakeClock
from interviewer.grading.offline import OfflineGrader
from interviewer.settings import load_settings
from interviewer.engine.coach import MockOptions
from interviewer.storage.store import Store
from interviewer.tui.app import make_app

ANSWER = "Dropout randomly zeroes units during training, which regularizes the network. At inference it is off."
SIZES = [(80, 24), (120, 40)]


# Two topics the new question sets leave alone, so the snapshots' questions stay put as the bank grows.
SNAPSHOT_MOCK = MockOptions(questions=2, seed=130, minutes_per_question=5, topics=("data", "fundamentals"))


def app(start: bool = True):
    """In this test's own data folder (conftest): no screen shows a path, so snapshots match anywhere."""
    return make_app(load_settings(grader="offline"), grader=OfflineGrader(), clock=FakeClock(),
                    store=Store(id_suffix="snap"), ticking=False, start_mock=SNAPSHOT_MOCK if start else None)


async def answer(pilot) -> None:
    pilot.app.screen.query_one("#answer").insert(ANSWER)
    await pilot.press("ctrl+s")
    for _ in range(20):
        await pilot.pause()
        if pilot.app.coach.interview.record.records[0].feedback:
            break
    await pilot.pause()


async def to_report(pilot) -> None:
    await answer(pilot)
    await pilot.press("enter")  # the interviewer asks a follow-up
    await pilot.pause()
    await pilot.press("ctrl+n")  # skip it
    await pilot.pause()
    await pilot.press("ctrl+n")  # skip question 2: the report
    await pilot.pause()
    from interviewer.tui.screens.report import ReportScreen

    assert isinstance(pilot.app.screen, ReportScreen)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, size):
    assert snap_compare(app(start=False), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_new_interview_form(snap_compare, size):
    assert snap_compare(app(start=False), terminal_size=size, press=["ctrl+n"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_interview(snap_compare, size):
    async def type_some(pilot):
        pilot.app.screen.query_one("#answer").insert("Dropout randomly zeroes units")
        await pilot.pause()

    assert snap_compare(app(), terminal_size=size, run_before=type_some)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_feedback(snap_compare, size):
    assert snap_compare(app(), terminal_size=size, run_before=answer)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_report(snap_compare, size):
    assert snap_compare(app(), terminal_size=size, run_before=to_report)
