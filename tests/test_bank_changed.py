"""Interviews whose questions are no longer in the bank (taken with `--bank`, then opened without it): the
app shows what it can and says what is missing; it never crashes."""

from __future__ import annotations

from textual.widgets import DataTable

from interviewer.bank import load_bank
from interviewer.testing.clock import FakeClock
from interviewer.engine.coach import Coach, MockOptions
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.settings import load_settings
from interviewer.storage.store import Store
from interviewer.tui.app import make_app
from interviewer.tui.screens.home import HomeScreen
from interviewer.tui.screens.report import ReportScreen
from tests_support import write_bank_file


async def interviews_from_a_user_bank(folder) -> None:
    """One finished, graded interview and one interrupted, both on a question only the user's bank has."""
    write_bank_file(folder, "mine.yaml", qid="my-own-question")
    clock = FakeClock()
    coach = Coach(load_bank([folder], include_builtin=False), Store(), clock, ScriptedGrader())
    coach.start(MockOptions(questions=1, follow_ups=0, mode="strict"))
    (job,) = coach.submit("A multi-dimensional array.")
    await coach.grade(job)
    coach.end("")
    clock.advance(60)
    coach.start(MockOptions(questions=1, follow_ups=0))
    coach.save_draft("half an answer", force=True)


async def test_history_and_resume_cope_with_questions_gone_from_the_bank(tmp_path):
    await interviews_from_a_user_bank(tmp_path)
    app = make_app(load_settings(grader="offline"), grader=ScriptedGrader(), store=Store(), clock=FakeClock(),
                   ticking=False)  # the built-in bank only
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+r")  # resume the interrupted one
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("my-own-question" in n.message and "--bank" in n.message for n in app._notifications)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("down", "enter")  # the finished one
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        row = [str(cell) for cell in app.screen.query_one(DataTable).get_row_at(0)]
        assert "my-own-question" in row[1] and "/10" in row[3]
        await pilot.press("enter")  # its feedback: nothing to show it with, said so
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert any("not in the question bank" in n.message and "show this feedback" in n.message for n in app._notifications)
        assert app.is_running
