"""Ending an interview early (#25 item 3): questions never reached are neither seen nor zeros, and an
interview can be deleted, from the store and from the command line."""

from __future__ import annotations

import pytest

from interviewer.bank import load_bank
from interviewer.testing.clock import FakeClock
from interviewer.engine.coach import Coach, MockOptions
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.presentation.history import history
from interviewer.storage.store import Store
from interviewer.rubric.store import rubric_for

BANK = load_bank()
TOPIC_OF = {qid: q.topic.value for qid, q in BANK.questions.items()}


def coach_in(store: Store) -> Coach:
    return Coach(bank=BANK, store=store, clock=FakeClock(), grader=ScriptedGrader())


async def one_answer_then_end(store: Store, drill: bool = False) -> str:
    """Ten questions asked for; the first answered (covering every point), then the interview ended."""
    coach = coach_in(store)
    coach.start(MockOptions(questions=10, seed=2, follow_ups=0, drill=drill))
    first = coach.interview.current_record.question_id
    rubric = rubric_for(BANK.get(first))
    [job] = coach.submit(" ".join(p.id for p in rubric.key_points))
    await coach.grade(job)
    coach.advance()
    coach.end("")
    return coach.interview.record.id


@pytest.mark.parametrize("drill", [False, True], ids=["mock", "drill"])
async def test_questions_never_reached_are_not_seen_and_not_zeros(tmp_path, drill):
    store = Store(tmp_path)
    session_id = await one_answer_then_end(store, drill)
    record = store.load(session_id).record
    (summary,) = store.sessions()
    assert summary.average == record.records[0].feedback.score == 10.0  # not 10 over 10 questions
    rows = store.progress(TOPIC_OF)
    assert rows.seen == {record.records[0].question_id}
    assert history(rows, BANK, rubric_for, {}).never_seen == sorted(set(BANK.questions) - rows.seen)


async def test_a_skipped_question_still_counts_0(tmp_path):
    store = Store(tmp_path)
    coach = coach_in(store)
    coach.start(MockOptions(questions=3, seed=2, follow_ups=0))
    coach.skip()
    coach.end("")
    (summary,) = store.sessions()
    assert summary.average == 0.0 and store.progress(TOPIC_OF).seen == {coach.interview.record.records[0].question_id}


async def test_deleting_an_interview_removes_it_from_history_and_progress(tmp_path):
    store = Store(tmp_path)
    kept = await one_answer_then_end(store)
    deleted = await one_answer_then_end(store)
    assert store.delete(deleted) is True
    assert [s.id for s in store.sessions()] == [kept]
    assert len(store.progress(TOPIC_OF).topic_means) == 1
    for table in ("events", "answers", "missed", "grading_usage"):
        assert not store.db.execute(f"SELECT 1 FROM {table} WHERE session_id = ?", (deleted,)).fetchall(), table
    assert store.delete(deleted) is False
    assert Store(tmp_path).load(kept).record.records[0].feedback  # the other one is whole


async def test_transcripts_delete_asks_for_yes_without_a_terminal_then_deletes(run_cli):
    session_id = await one_answer_then_end(Store())
    code, _, err = run_cli("transcripts", "delete", session_id[:15])
    assert code == 2 and "--yes" in err and [s.id for s in Store().sessions()] == [session_id]
    code, out, _ = run_cli("transcripts", "delete", session_id[:15], "--yes")
    assert code == 0 and f"deleted interview {session_id}" in out and Store().sessions() == []
    code, _, err = run_cli("transcripts", "delete", session_id, "--yes")
    assert code == 2 and "no transcript matches" in err


async def ended_in_a_follow_up_with_a_draft(store: Store):
    """Question 1 answered with a gap, its follow-up being typed when the interview ended (kept as a draft)."""
    from interviewer.engine.interview import Phase

    coach = coach_in(store)
    coach.start(MockOptions(questions=2, seed=2, follow_ups=1))
    first = coach.interview.current_record.question_id
    [job] = coach.submit("It is about " + rubric_for(BANK.get(first)).key_points[0].id + " in practice.")
    await coach.grade(job)
    coach.advance()
    assert coach.interview.phase is Phase.FOLLOW_UP
    coach.save_draft("half a follow-up answer")
    coach.end("half a follow-up answer", submit=False)
    return coach.interview.record


async def test_a_follow_up_draft_kept_on_ending_is_shown_as_a_draft_not_as_skipped(tmp_path):
    from interviewer.presentation.view import present
    from interviewer.presentation.export import to_markdown

    record = await ended_in_a_follow_up_with_a_draft(Store(tmp_path))
    item = record.records[0]
    question = BANK.get(item.question_id)
    (line,) = present(question, rubric_for(question), item.feedback, item).follow_ups
    assert line.answer == "half a follow-up answer" and "kept as a draft" in line.outcome
    markdown = to_markdown(record, BANK, rubric_for, {})
    follow_up_part = markdown.split("**Follow-up 1:**")[1].split("## 2.")[0]
    assert "> half a follow-up answer" in follow_up_part and "Skipped" not in follow_up_part
    assert "kept as a draft" in follow_up_part


async def test_a_skipped_follow_up_still_says_skipped(tmp_path):
    from interviewer.presentation.export import to_markdown

    coach = coach_in(Store(tmp_path))
    coach.start(MockOptions(questions=1, seed=2, follow_ups=1))
    first = coach.interview.current_record.question_id
    [job] = coach.submit("It is about " + rubric_for(BANK.get(first)).key_points[0].id + " in practice.")
    await coach.grade(job)
    coach.advance()
    coach.skip()
    markdown = to_markdown(coach.interview.record, BANK, rubric_for, {})
    assert "Skipped" in markdown.split("**Follow-up 1:**")[1]


def test_an_older_database_stops_counting_questions_never_reached_as_zeros(tmp_path):
    """Averages stored before #25 counted an ended interview's unreached questions as 0: the upgrade
    recomputes them from the answer rows (graded scores, 0 for a skip, nothing for the unreached)."""
    import sqlite3

    from interviewer.storage.migrations import MIGRATIONS

    db = sqlite3.connect(tmp_path / "interviewer.db", isolation_level=None)
    db.execute("BEGIN")
    for migration in MIGRATIONS[:2]:
        migration(db)
    db.executescript("""PRAGMA user_version=2;
INSERT INTO sessions (id, started_at, ended_at, kind, mode, questions, answered, graded, average) VALUES
    ('a', '2026-01-05T09:00:00+00:00', '2026-01-05T09:10:00+00:00', 'drill', 'practice', 5, 1, 1, 1.96),
    ('b', '2026-01-05T10:00:00+00:00', '2026-01-05T10:10:00+00:00', 'mock', 'practice', 3, 1, 0, 0.0);
INSERT INTO answers VALUES ('a', 0, 'dropout', '2026-01-05T09:00:00+00:00', 1, 0, 9.8),
    ('a', 1, 'softmax', '2026-01-05T09:00:00+00:00', 0, 0, NULL),
    ('b', 0, 'dropout', '2026-01-05T10:00:00+00:00', 1, 1, NULL),
    ('b', 1, 'softmax', '2026-01-05T10:00:00+00:00', 0, 0, NULL);""")
    db.close()
    averages = {s.id: s.average for s in Store(tmp_path).sessions()}
    assert averages == {"a": 9.8, "b": 0.0}  # the skipped one still counts 0
