"""The session engine with a fake clock, and its journal: time limits, modes, resume, corruption."""

from __future__ import annotations

import json
import stat

import pytest

from interviewer.bank import load_bank
from interviewer.bank.select import select_questions
from interviewer.domain.feedback import Feedback, Provenance
from interviewer.domain.session import SessionConfig
from interviewer.engine.clock import FakeClock
from interviewer.engine.session import InterviewSession, Tick
from interviewer.errors import BadInputError
from interviewer.storage.journal import replay
from interviewer.storage.store import SessionStore

BANK = load_bank()
IDS = ["dropout", "softmax", "backpropagation"]


def start(mode="practice", per_question=60.0, total=None, store=None, clock=None):
    clock = clock or FakeClock()
    config = SessionConfig(question_ids=IDS, mode=mode, seconds_per_question=per_question, total_seconds=total)
    session = InterviewSession.start(config, BANK.questions, store or SessionStore(), clock, session_id="s1")
    return session, clock


def test_seeded_selection_is_reproducible_and_filtered():
    a = [q.id for q in select_questions(BANK, 5, seed=7)]
    assert a == [q.id for q in select_questions(BANK, 5, seed=7)] and len(set(a)) == 5
    assert a != [q.id for q in select_questions(BANK, 5, seed=8)]
    assert {q.topic for q in select_questions(BANK, 10, topics=["regularization"], seed=1)} == {"regularization"}
    with pytest.raises(BadInputError):
        select_questions(BANK, 3, topics=["regularization"], kinds=["design"])


def test_answers_are_timed_by_the_clock_and_the_session_advances():
    session, clock = start()
    assert (session.number, session.total, session.current.id) == (1, 3, "dropout")
    clock.advance(42)
    assert session.seconds_left() == pytest.approx(18)
    item = session.submit("Dropout zeroes random units.")
    assert item.seconds_used == 42 and not item.over_time and session.current.id == "softmax"


def test_strict_expiry_submits_the_draft_as_it_stands():
    session, clock = start(mode="strict")
    session.save_draft("half an answer")
    clock.advance(59)
    assert session.tick() == Tick.NONE
    clock.advance(2)
    assert session.tick() == Tick.EXPIRED
    first = session.record.records[0]
    assert first.answer == "half an answer" and first.over_time and session.current.id == "softmax"


def test_practice_overrun_warns_once_and_is_recorded():
    session, clock = start(mode="practice")
    clock.advance(75)
    assert session.tick() == Tick.OVERRUN and session.tick() == Tick.NONE
    clock.advance(5)
    item = session.submit("late answer")
    assert item.over_time and item.overrun_seconds == 20


def test_whole_interview_limit_ends_the_session():
    session, clock = start(mode="practice", per_question=None, total=100)
    session.submit("first")
    clock.advance(101)
    assert session.tick() == Tick.SESSION_OVER and session.finished
    assert [r.skipped for r in session.record.records] == [False, False, True]


def test_journal_replays_to_the_same_record_and_is_private(isolated_environment):
    session, clock = start()
    session.save_draft("draft one")
    session.save_draft("draft one")  # unchanged: not written again
    clock.advance(10)
    session.submit("Dropout zeroes random units during training.")
    feedback = Feedback(question_id="dropout", score=4, provenance=Provenance(grader="offline", rubric_id="dropout", rubric_hash="h"))
    session.record_feedback(0, feedback)
    session.record_grading_failure(1, "HTTP 503")
    path = isolated_environment / "sessions" / "s1.jsonl"
    restored = replay(path)
    assert restored.problems == []
    assert restored.record.records[0].answer == "Dropout zeroes random units during training."
    assert restored.record.records[0].feedback.score == 4 and restored.record.records[1].grading_error == "HTTP 503"
    assert sum(json.loads(line)["type"] == "draft_saved" for line in path.read_text().splitlines()) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_resume_continues_at_the_first_unanswered_question_with_its_draft():
    store = SessionStore()
    session, clock = start(store=store)
    session.submit("first answer")
    session.save_draft("typing the second")
    session.journal.close()
    (stored,) = store.interrupted()
    resumed = InterviewSession.resume(stored.replay.record, BANK.questions, store, clock)
    assert resumed.current.id == "softmax" and resumed.current_record.draft == "typing the second"
    resumed.submit("second answer")
    resumed.submit("third answer")
    resumed.end()
    assert store.interrupted() == []
    assert [r.answer for r in store.load("s1").replay.record.records] == ["first answer", "second answer", "third answer"]


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda text: text + '{"v": 1, "type": "draft_saved", "at": "2026-01-05T09:00', "truncated last line"),
        (lambda text: text.replace('"type": "question_asked"', '"type": "question_asked"', 1) + "not json\n{}\n", "not JSON"),
        (lambda text: text + '{"v": 9, "type": "draft_saved", "at": "2026-01-05T09:00:00+00:00", "index": 0, "text": "x"}\n',
         "written by a newer interviewer (format 9)"),
        (lambda text: text + '{"v": 1, "type": "answer_submitted", "at": "2026-01-05T09:00:00+00:00", "index": 7}\n',
         "bad answer_submitted event"),
    ],
)
def test_corrupt_transcripts_report_file_and_line_and_keep_the_rest(isolated_environment, damage, expected):
    session, _ = start()
    session.submit("kept answer")
    path = isolated_environment / "sessions" / "s1.jsonl"
    path.write_text(damage(path.read_text()))
    restored = replay(path)
    assert restored.record.records[0].answer == "kept answer"
    assert any(expected in p and str(path) in p for p in restored.problems), restored.problems
