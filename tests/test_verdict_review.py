"""The candidate's review of verdicts: an event beside the grader's record, and everything downstream (score,
follow-up, review schedule, summary rows, regrade) follows the reviewed verdicts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import killed_review
from interviewer.domain.events import VerdictReviewed
from interviewer.domain.feedback import Verdict
from interviewer.drill.schedule import Schedule
from interviewer.engine.coach import GradeJob
from interviewer.engine.interview import Phase
from interviewer.engine.verdict_review import disagreements
from interviewer.errors import BadInputError
from interviewer.storage.store import Store
from test_coach import DROPOUT, PARTIAL, begin, coach_on, stored
from interviewer.storage.migrations import MIGRATIONS
from test_migrations import database_at

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def graded_partial(tmp_path):
    """Dropout answered with two of its four must points (4.0/10), feedback on screen (practice)."""
    coach = begin(coach_on(tmp_path))
    [job] = coach.submit(PARTIAL)
    await coach.grade(job)
    return coach


async def test_two_changed_verdicts_rescore_from_the_rubric_and_keep_the_grader_record(tmp_path):
    coach = await graded_partial(tmp_path)
    coach.review(GradeJob(0), "redundant-representations", Verdict.COVERED, "I said units cannot co-adapt")
    coach.review(GradeJob(0), "inference-off", Verdict.PARTIAL)
    coach.review(GradeJob(0), "random-zeroing", Verdict.COVERED)  # a confirmation changes nothing
    coach.review(GradeJob(0), "regularization", Verdict.MISSING)
    coach.review(GradeJob(0), "regularization", Verdict.COVERED)  # the latest word counts
    item = coach.live.record.records[0]
    # by hand: (0.2 + 0.2 + 0.2 covered + 0.133 * 0.7 partial) / 1.0 total weight = 6.93
    assert item.feedback.score == 6.9 and item.grader_feedback.score == 4.0
    grader = {v.point_id: v.verdict for v in item.grader_feedback.verdicts}
    assert grader["redundant-representations"] == grader["inference-off"] == Verdict.MISSING
    reviewed = {v.point_id: v.verdict for v in item.feedback.verdicts}
    assert (reviewed["redundant-representations"], reviewed["inference-off"]) == (Verdict.COVERED, Verdict.PARTIAL)
    assert item.reviews["redundant-representations"].reason == "I said units cannot co-adapt"
    assert not item.reviews["random-zeroing"].changed
    # The stored events replay to the same record; the grader's grade is in them as it was given.
    back = stored(tmp_path)
    assert back == coach.live.record
    events = Store(tmp_path).load("s1").events
    assert [e.point_id for e in events if isinstance(e, VerdictReviewed)] == [
        "redundant-representations", "inference-off", "random-zeroing", "regularization", "regularization"]
    # The summary rows (history, progress, stats) read the reviewed score and misses.
    db = Store(tmp_path).db
    assert db.execute("SELECT score FROM answers WHERE idx = 0").fetchone()[0] == 6.9
    missed = {row[0] for row in db.execute("SELECT point_id FROM missed WHERE idx = 0")}
    assert "redundant-representations" not in missed and "inference-off" not in missed


async def test_the_follow_up_skips_a_point_the_candidate_says_was_covered(tmp_path):
    coach = await graded_partial(tmp_path)
    coach.review(GradeJob(0), "redundant-representations", Verdict.COVERED)
    coach.advance()
    assert coach.interview.phase is Phase.FOLLOW_UP
    assert coach.interview.current_record.follow_ups[0].target_point == "inference-off"  # the next open must point


async def test_the_review_replaces_the_grades_place_in_the_schedule_instead_of_adding_one(tmp_path):
    coach = await graded_partial(tmp_path)
    assert coach.schedule.items["dropout#redundant-representations"].last_quality == 1
    coach.review(GradeJob(0), "redundant-representations", Verdict.COVERED)
    rows = Schedule.from_rows(Store(tmp_path).review_rows()).items
    point, question = rows["dropout#redundant-representations"], rows["dropout"]
    assert (point.reviews, point.last_quality) == (1, 5)
    assert (question.reviews, question.last_score, question.last_quality) == (1, 6.0, 3)
    assert rows == coach.schedule.items


async def test_a_later_answer_keeps_its_place_in_the_schedule(tmp_path):
    coach = await graded_partial(tmp_path)
    coach.schedule.record("dropout#redundant-representations", 2, coach.clock.wall().date(), source="later/0")
    coach.review(GradeJob(0), "redundant-representations", Verdict.COVERED)
    assert coach.schedule.items["dropout#redundant-representations"].last_quality == 2


async def test_regrade_keeps_the_reviews_and_reports_where_the_new_grade_disagrees(tmp_path):
    coach = await graded_partial(tmp_path)
    coach.review(GradeJob(0), "redundant-representations", Verdict.COVERED)
    new = await coach.regrade(GradeJob(0), save=True)
    item = stored(tmp_path).records[0]
    assert item.grader_feedback == new and item.feedback.score == 6.0
    assert disagreements(new, item.reviews) == [("redundant-representations", Verdict.MISSING, Verdict.COVERED)]


async def test_a_review_of_an_unknown_point_or_an_ungraded_answer_is_refused(tmp_path):
    coach = await graded_partial(tmp_path)
    with pytest.raises(BadInputError, match="not a key point"):
        coach.review(GradeJob(0), "no-such-point", Verdict.COVERED)
    with pytest.raises(BadInputError, match="no grade yet"):
        coach.review(GradeJob(1), "softmax-probabilities", Verdict.COVERED)
    assert stored(tmp_path).records[0].reviews == {}


async def test_a_follow_up_review_decides_whether_the_gap_closed(tmp_path):
    coach = await graded_partial(tmp_path)
    coach.advance()
    [job] = coach.submit("It makes each training step cheaper because fewer units run.")
    await coach.grade(job)
    assert coach.live.record.records[0].follow_ups[0].recovered is False
    coach.review(job, "redundant-representations", Verdict.COVERED, "I did answer it")
    follow = stored(tmp_path).records[0].follow_ups[0]
    assert follow.recovered is True and follow.feedback.score == 10.0
    assert coach.schedule.items["dropout#redundant-representations"].last_quality == 4


def test_reviews_survive_a_sigkill_right_after_the_write_and_replay_the_same(tmp_path):
    script = Path(__file__).with_name("killed_review.py")
    process = subprocess.Popen([sys.executable, str(script), str(tmp_path)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        printed = process.stdout.readline()
        assert printed.startswith("ready "), process.stderr.read()
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    record = Store(tmp_path).load(killed_review.SESSION_ID).record
    item = record.records[0]
    assert [r.verdict for r in item.reviews.values()] == [Verdict.COVERED, Verdict.PARTIAL]
    assert record.model_dump_json() == printed.removeprefix("ready ").strip()  # what it had in memory


async def test_an_upgraded_previous_schema_database_takes_reviews(tmp_path):
    database_at(tmp_path / "interviewer.db", len(MIGRATIONS) - 1)
    coach = await graded_partial(tmp_path)
    coach.review(GradeJob(0), "redundant-representations", Verdict.COVERED)
    assert stored(tmp_path).records[0].feedback.score == 6.0
    plan = Store(tmp_path).db.execute(
        "EXPLAIN QUERY PLAN SELECT session_id FROM events WHERE type = 'verdict_reviewed'").fetchall()
    assert "events_by_type" in " ".join(str(tuple(row)) for row in plan)


async def test_a_depth_follow_up_is_not_tied_to_a_point_the_candidate_confirmed(tmp_path):
    coach = begin(coach_on(tmp_path))
    [job] = coach.submit("It names " + " ".join(p.id for p in DROPOUT.key_points) + ".")
    await coach.grade(job)
    coach.review(job, "random-zeroing", Verdict.COVERED)  # confirmed: the heaviest covered point
    coach.advance()
    assert coach.interview.current_record.follow_ups[0].target_point == "regularization"


async def test_the_exports_show_the_reviewed_score_beside_the_graders(tmp_path):
    import json

    from interviewer.presentation.export import to_json, to_markdown
    from interviewer.rubric.store import rubric_for
    from test_coach import BANK

    coach = await graded_partial(tmp_path)
    coach.review(GradeJob(0), "redundant-representations", Verdict.COVERED, "I said | co-adapt")
    record = stored(tmp_path)
    markdown = to_markdown(record, BANK, rubric_for, {})
    assert "**Score 6/10, reviewed by you; the grader said 4** ·" in markdown
    assert "✓ covered (changed by you, the grader said missing: I said \\| co-adapt) |" in markdown
    assert "(with your reviews of the grader's verdicts)" in markdown
    data = json.loads(to_json(record, BANK))["records"][0]
    assert (data["feedback"]["score"], data["grader_feedback"]["score"]) == (6.0, 4.0)
    assert data["reviews"]["redundant-representations"]["grader_verdict"] == "missing"


async def test_a_point_the_candidate_says_is_missing_loses_the_graders_quote(tmp_path):
    coach = await graded_partial(tmp_path)
    coach.review(GradeJob(0), "random-zeroing", Verdict.MISSING, "that was a guess")
    item = stored(tmp_path).records[0]
    [mine] = [v for v in item.feedback.verdicts if v.point_id == "random-zeroing"]
    [theirs] = [v for v in item.grader_feedback.verdicts if v.point_id == "random-zeroing"]
    assert (mine.verdict, mine.quote) == (Verdict.MISSING, "") and theirs.quote and item.feedback.score == 2.0


def test_regrade_says_where_the_new_grade_disagrees_and_keeps_the_review(isolated_environment, run_cli):
    import asyncio

    from interviewer.grading.offline import OfflineGrader

    coach = begin(coach_on(isolated_environment, grader=OfflineGrader()))
    [job] = coach.submit(PARTIAL)
    asyncio.run(coach.grade(job))
    said = {v.point_id: v.verdict for v in coach.live.record.records[0].feedback.verdicts}["random-zeroing"]
    mine = Verdict.MISSING if said != Verdict.MISSING else Verdict.COVERED
    coach.review(GradeJob(0), "random-zeroing", mine)
    code, out, err = run_cli("regrade", "s1", "--grader", "offline", "--save")
    assert code == 0, err
    assert f"random-zeroing: the new grade says {said}, you said {mine} (your verdict is kept)" in out
    assert stored(isolated_environment).records[0].reviews["random-zeroing"].verdict == mine
