"""Nothing between the grader's reply and the commit loses a grade for good: a full disk, a quit with the grade
in flight, a kill before the commit, a server's absurd token counts. Each leaves a state `r` grades again."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import DataTable

from interviewer.domain.feedback import Feedback, Provenance
from interviewer.testing.clock import FakeClock
from interviewer.engine.coach import Coach, GradeJob, MockOptions
from interviewer.errors import InterviewerError
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.settings import load_settings
from interviewer.storage.database import StorageError
from interviewer.domain.events import AnswerSubmitted
from interviewer.storage.store import Store
from interviewer.tui.app import make_app
from interviewer.tui.screens.report import ReportScreen
from test_coach import BANK, begin, coach_on, stored

LONG = "x" * 200_000  # takes new pages in the database: what a full disk refuses


def fill_the_disk(store: Store) -> None:
    """SQLite's own page limit, set to what the file holds now: the next write that needs a page fails
    with SQLITE_FULL, as on a full disk."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def free_the_disk(store: Store) -> None:
    store.db.execute("PRAGMA max_page_count = 1073741823")


def long_feedback(request) -> Feedback:
    return Feedback(question_id=request.question.id, score=7.0, stronger_answer=LONG,
                    provenance=Provenance(grader="fake", rubric_id=request.question.id, rubric_hash="h"))


def test_a_refused_write_changes_nothing_in_memory(tmp_path):
    coach = begin(coach_on(tmp_path))
    fill_the_disk(coach.store)
    record = coach.interview.record
    with pytest.raises(StorageError):
        coach.store.append(record, AnswerSubmitted(at=coach.clock.wall(), index=0, answer=LONG, seconds_used=1.0))
    assert record.records[0].answer is None and not record.records[0].answered


async def test_a_disk_full_while_the_grade_is_in_flight_leaves_a_failure_r_grades_again(tmp_path):
    def disk_fills_meanwhile(request):
        fill_the_disk(coach.store)
        return long_feedback(request)

    coach = begin(coach_on(tmp_path, ScriptedGrader([disk_fills_meanwhile, long_feedback])), follow_ups=0)
    [job] = coach.submit("Dropout zeroes units at random while training.")
    with pytest.raises(InterviewerError, match="cannot save"):
        await coach.grade(job)
    item = coach.interview.record.records[0]
    assert item.feedback is None and "cannot save" in item.grading_error  # shown: "failed (r)"
    free_the_disk(coach.store)
    assert coach.retry() == [job]
    await coach.grade(job)
    assert stored(tmp_path).records[0].feedback.stronger_answer == LONG


async def test_absurd_token_counts_from_a_server_neither_lose_the_grade_nor_break_the_next_write(tmp_path):
    def huge_usage(request):
        feedback = long_feedback(request)
        return feedback.model_copy(update={"provenance": feedback.provenance.model_copy(
            update={"model": "m", "prompt_tokens": 2**70, "completion_tokens": 2**64})})

    coach = begin(coach_on(tmp_path, ScriptedGrader([huge_usage])), follow_ups=0)
    [job] = coach.submit("Dropout zeroes units at random while training.")
    await coach.grade(job)
    coach.save_draft("next", force=True)  # the next write works
    assert stored(tmp_path).records[0].feedback.score == 7.0


class Hanging:
    """A grader whose server never answers."""

    kind = "fake"

    async def grade(self, request, on_partial=None):
        await asyncio.Event().wait()


async def open_first_past_interview_and_retry(pilot) -> None:
    app = pilot.app
    await pilot.press("ctrl+o")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ReportScreen)
    assert "(r)" in str(app.screen.query_one(DataTable).get_row_at(0)[3])
    await pilot.press("r")
    for _ in range(50):
        await pilot.pause()
        if app.screen.record.records[0].feedback:
            return
    raise AssertionError("r did not grade the answer again")


async def test_quitting_with_the_last_grade_in_flight_leaves_a_failure_r_grades_again(isolated_environment):
    app = make_app(load_settings(grader="offline"), grader=Hanging(), store=Store(), clock=FakeClock(),
                   start_mock=MockOptions(questions=1, mode="strict", follow_ups=0, seed=1), ticking=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#answer").insert("Dropout zeroes units at random while training.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q")
    (summary,) = Store().sessions()
    assert "interrupted" in Store().load(summary.id).record.records[0].grading_error
    app = make_app(load_settings(grader="offline"), grader=ScriptedGrader(), store=Store(), clock=FakeClock(),
                   ticking=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_past_interview_and_retry(pilot)
    assert Store().sessions()[0].graded == 1


async def test_a_kill_between_the_reply_and_the_commit_leaves_an_answer_r_grades_again(isolated_environment):
    coach = Coach(BANK, Store(), FakeClock(), ScriptedGrader())
    coach.start(MockOptions(questions=1, mode="strict", follow_ups=0, seed=1))
    coach.end("Dropout zeroes units at random while training.", submit=True)  # then SIGKILL: no grade stored
    app = make_app(load_settings(grader="offline"), grader=ScriptedGrader(), store=Store(), clock=FakeClock(),
                   ticking=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_past_interview_and_retry(pilot)
    assert Store().sessions()[0].graded == 1
    assert GradeJob(0) not in coach.retry()  # nothing failed in the live coach: it has nothing stranded


async def test_sigterm_saves_the_draft_and_exits_cleanly(isolated_environment):
    import os
    import signal

    received = []
    previous = signal.signal(signal.SIGTERM, lambda *args: received.append(args))  # if the app ignores it
    try:
        app = make_app(load_settings(grader="offline"), grader=ScriptedGrader(), store=Store(), clock=FakeClock(),
                       start_mock=MockOptions(questions=1, follow_ups=0, seed=1), ticking=False)
        async with app.run_test(size=(100, 30)) as pilot:
            app.screen.query_one("#answer").insert("typed before the kill")
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(20):
                await pilot.pause()
            assert not received and app.return_code == 143
    finally:
        signal.signal(signal.SIGTERM, previous)
    (summary,) = Store().sessions()
    assert Store().load(summary.id).record.records[0].draft == "typed before the kill"
