"""One transaction per grade: a crash before any SQL statement of a grade leaves the whole grade (its event,
summary rows and review rows) or none of it, and grading again on resume moves the review schedule once.
Each kind of event writes only the summary rows it changes (a draft: its event alone)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import killed_grade
from interviewer.bank import load_bank
from interviewer.domain.session import SessionConfig
from interviewer.drill.schedule import Schedule
from interviewer.testing.clock import FakeClock
from interviewer.engine.coach import Coach
from interviewer.engine.interview import Interview
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.domain.events import DraftSaved
from interviewer.storage.store import Store

FILES = ("interviewer.db", "interviewer.db-wal")  # the -shm index is rebuilt from the log on open
ANSWER = "Dropout does random-zeroing of units during training."


def answered_interview(root: Path) -> Coach:
    store = Store(root)
    coach = Coach(bank=load_bank(), store=store, clock=FakeClock(), grader=ScriptedGrader())
    config = SessionConfig(question_ids=["dropout"], mode="practice")
    coach.interview = Interview.start(config, store, coach.clock, session_id=killed_grade.SESSION_ID)
    coach.submit(ANSWER)
    return coach


def the_grade_as_stored(root: Path) -> tuple[int, int, list[int]]:
    """(feedback events, graded answers in the summary, reviews of each moved key) in the folder."""
    store = Store(root)
    events = store.db.execute("SELECT COUNT(*) FROM events WHERE type = 'feedback_received'").fetchone()[0]
    [summary] = store.sessions()
    reviews = [state.reviews for state in Schedule.from_rows(store.review_rows()).items.values()]
    store.close()
    return events, summary.graded, reviews


async def grade_what_resume_finds(root: Path) -> None:
    store = Store(root)
    coach = Coach(bank=load_bank(), store=store, clock=FakeClock(), grader=ScriptedGrader())
    for job in coach.resume(killed_grade.SESSION_ID):
        await coach.grade(job)
    store.close()


def whole_or_none(stored: tuple[int, int, list[int]], points: int) -> bool:
    events, graded, reviews = stored
    return (events, graded, reviews) in ((0, 0, []), (1, 1, [1] * (1 + points)))


async def test_a_crash_before_any_statement_of_a_grade_leaves_all_of_it_or_none(tmp_path):
    """The files are copied as each statement starts (what a crash there leaves on disk), then each copy is
    reopened, checked, and graded again as resume would."""
    coach = answered_interview(tmp_path / "live")
    points = len(coach.rubrics(coach.bank.get("dropout")).key_points)
    copies: list[tuple[Path, str]] = []

    def copy_files(statement: str) -> None:
        copy = tmp_path / f"crash-{len(copies) + 1:02d}"
        copy.mkdir()
        for name in FILES:
            if (tmp_path / "live" / name).exists():
                shutil.copyfile(tmp_path / "live" / name, copy / name)
        copies.append((copy, statement))

    [job] = coach.ungraded()
    coach.store.db.set_trace_callback(copy_files)
    await coach.grade(job)
    coach.store.db.set_trace_callback(None)
    statements = [statement.split(" (")[0] for _, statement in copies]
    assert statements[0] == "BEGIN IMMEDIATE" and statements[-1] == "COMMIT" and statements.count("BEGIN IMMEDIATE") == 1
    assert any(s.startswith("INSERT OR REPLACE INTO reviews") for s in statements)
    outcomes = []
    for copy, statement in copies:
        stored = the_grade_as_stored(copy)
        assert whole_or_none(stored, points), f"a crash before {statement!r} left {stored}"
        outcomes.append(stored[0])
        await grade_what_resume_finds(copy)
        assert the_grade_as_stored(copy) == (1, 1, [1] * (1 + points)), f"resumed after a crash before {statement!r}"
    assert outcomes == [0] * len(copies)  # up to COMMIT nothing of the grade is on disk
    assert the_grade_as_stored(tmp_path / "live") == (1, 1, [1] * (1 + points))


async def test_a_process_killed_as_it_writes_the_grade_event_resumes_with_one_review(tmp_path):
    """Once the reviews were committed first: a kill here stored them and lost the event, so resume graded
    again and moved the schedule twice."""
    coach = answered_interview(tmp_path)
    points = len(coach.rubrics(coach.bank.get("dropout")).key_points)
    coach.store.close()
    script = Path(__file__).with_name("killed_grade.py")
    run = subprocess.run([sys.executable, str(script), str(tmp_path), "INSERT INTO events"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == killed_grade.KILLED, run.stderr
    assert the_grade_as_stored(tmp_path) == (0, 0, [])
    await grade_what_resume_finds(tmp_path)
    assert the_grade_as_stored(tmp_path) == (1, 1, [1] * (1 + points))


def test_a_draft_writes_its_event_and_nothing_else(tmp_path):
    coach = answered_interview(tmp_path)
    written: list[str] = []
    coach.store.db.set_trace_callback(written.append)
    coach.interview.write(DraftSaved(at=coach.clock.wall(), index=0, text="Dropout zeroes"))
    writes = [s for s in written if s.split()[0] in ("INSERT", "UPDATE", "DELETE", "REPLACE")]
    assert [w.split(" (")[0] for w in writes] == ["INSERT INTO events"]
