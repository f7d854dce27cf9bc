"""The interview state machine with a fake clock, over the SQLite store: time limits, modes, resume,
and v1 transcripts with damaged lines."""

from __future__ import annotations

import stat

import pytest

from interviewer.bank import load_bank
from interviewer.bank.select import select_questions
from interviewer.domain.feedback import Feedback, Provenance
from interviewer.domain.session import SessionConfig
from interviewer.testing.clock import FakeClock
from interviewer.engine.interview import Interview, Phase, Tick
from interviewer.errors import BadInputError
from interviewer.domain.events import FeedbackReceived, GradingFailed
from interviewer.storage.opening import open_store
from interviewer.storage.store import Store

BANK = load_bank()
IDS = ["dropout", "softmax", "backpropagation"]


def start(mode="practice", per_question=60.0, total=None, store=None, clock=None):
    clock = clock or FakeClock()
    config = SessionConfig(question_ids=IDS, mode=mode, seconds_per_question=per_question, total_seconds=total)
    return Interview.start(config, store or Store(), clock, session_id="s1"), clock


def test_seeded_selection_is_reproducible_and_filtered():
    a = [q.id for q in select_questions(BANK, 5, seed=7)]
    assert a == [q.id for q in select_questions(BANK, 5, seed=7)] and len(set(a)) == 5
    assert a != [q.id for q in select_questions(BANK, 5, seed=8)]
    assert {q.topic for q in select_questions(BANK, 10, topics=["regularization"], seed=1)} == {"regularization"}
    with pytest.raises(BadInputError):
        select_questions(BANK, 3, topics=["regularization"], kinds=["design"])


def test_answers_are_timed_by_the_clock_and_the_interview_moves_on():
    interview, clock = start()
    assert (interview.index, interview.total, interview.current_record.question_id) == (0, 3, "dropout")
    clock.advance(42)
    assert interview.seconds_left() == pytest.approx(18)
    index = interview.submit("Dropout zeroes random units.")
    item = interview.record.records[index]
    assert item.seconds_used == 42 and not item.over_time
    interview.next_question()
    assert interview.current_record.question_id == "softmax" and interview.phase is Phase.ANSWERING


def test_strict_expiry_is_reported_for_the_coach_to_submit():
    interview, clock = start(mode="strict")
    interview.save_draft("half an answer")
    clock.advance(49)
    assert interview.tick() == Tick.NONE
    clock.advance(10)
    assert interview.tick() == Tick.SECONDS_LEFT
    clock.advance(2)
    assert interview.tick() == Tick.EXPIRED
    interview.submit(interview.current_record.draft)
    first = interview.record.records[0]
    assert first.answer == "half an answer" and first.over_time and first.overrun_seconds == 1


def test_warnings_come_at_a_minute_and_ten_seconds_left_once_each():
    interview, clock = start(per_question=120)
    ticks = []
    for _ in range(125):
        clock.advance(1)
        ticks.append(interview.tick())
    warnings = [(second, t) for second, t in enumerate(ticks, 1) if t is not Tick.NONE]
    assert warnings == [(60, Tick.MINUTE_LEFT), (110, Tick.SECONDS_LEFT), (120, Tick.OVERRUN)]
    interview.submit("done")
    interview.next_question()
    clock.advance(115)  # a long pause (a suspended laptop): only the tightest warning is due
    assert interview.tick() == Tick.SECONDS_LEFT and interview.tick() == Tick.NONE


def test_a_resumed_question_keeps_the_time_already_spent_on_it(isolated_environment):
    interview, clock = start(mode="strict")
    clock.advance(31.5)
    interview.save_draft("typed so far", force=True)  # what quitting does
    later = FakeClock()
    resumed = Interview.resume(Store().load("s1").record, Store(), later)
    assert resumed.seconds_left() == pytest.approx(28.5) and resumed.current_record.draft == "typed so far"
    later.advance(5)
    assert resumed.record.records[0].seconds_used == 31.5
    resumed.submit("typed so far, finished")
    assert Store().load("s1").record.records[0].seconds_used == 36.5


def test_the_clock_is_checkpointed_while_nothing_is_typed(isolated_environment):
    interview, clock = start(mode="strict")
    interview.save_draft("")
    clock.advance(9)
    assert not interview.save_draft("")  # unchanged text, under the checkpoint interval: no write
    clock.advance(2)
    assert interview.save_draft("")  # 11 s: the clock is stored so a kill -9 loses at most ten seconds
    assert Store().load("s1").record.records[0].seconds_used == 11


def test_practice_overrun_warns_once_and_is_recorded():
    interview, clock = start(mode="practice")
    clock.advance(75)
    assert interview.tick() == Tick.OVERRUN and interview.tick() == Tick.NONE
    clock.advance(5)
    item = interview.record.records[interview.submit("late answer")]
    assert item.over_time and item.overrun_seconds == 20


def test_whole_interview_limit_ends_it():
    interview, clock = start(mode="practice", per_question=None, total=100)
    interview.submit("first")
    interview.next_question()
    clock.advance(101)
    assert interview.time_is_up and interview.tick() == Tick.SESSION_OVER
    interview.next_question()
    assert interview.phase is Phase.FINISHED and interview.record.finished


def test_every_event_is_stored_and_replays_to_the_same_record(isolated_environment):
    store = Store()
    interview, clock = start(store=store)
    assert interview.save_draft("draft one") and not interview.save_draft("draft one")  # unchanged: not written
    clock.advance(10)
    interview.submit("Dropout zeroes random units during training.")
    feedback = Feedback(question_id="dropout", score=4,
                        provenance=Provenance(grader="offline", rubric_id="dropout", rubric_hash="h"))
    interview.write(FeedbackReceived(at=clock.wall(), index=0, feedback=feedback))
    interview.write(GradingFailed(at=clock.wall(), index=1, error="HTTP 503"))
    restored = Store().load("s1")
    assert restored.problems == [] and restored.record == interview.record
    assert restored.record.records[0].feedback.score == 4 and restored.record.records[1].grading_error == "HTTP 503"
    assert sum('"draft_saved"' in line for line in Store().event_lines("s1")) == 1
    (summary,) = Store().sessions()
    assert (summary.answered, summary.graded, summary.average, summary.status) == (1, 1, 4, "interrupted")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_resume_continues_at_the_first_unanswered_question_with_its_draft():
    store = Store()
    interview, clock = start(store=store)
    interview.submit("first answer")
    interview.next_question()
    interview.save_draft("typing the second")
    store.close()
    (stored,) = Store().interrupted()
    resumed = Interview.resume(Store().load(stored.id).record, store, clock)
    assert resumed.current_record.question_id == "softmax" and resumed.current_record.draft == "typing the second"
    for answer in ("second answer", "third answer"):
        resumed.submit(answer)
        resumed.next_question()
    assert resumed.phase is Phase.FINISHED and Store().interrupted() == []
    assert [r.answer for r in Store().load("s1").record.records] == ["first answer", "second answer", "third answer"]


V1_START = ('{"v": 1, "type": "session_started", "at": "2026-01-05T09:00:00+00:00", "id": "s1", "config": '
            '{"question_ids": ["dropout", "softmax"], "mode": "practice"}}\n'
            '{"v": 1, "type": "question_asked", "at": "2026-01-05T09:00:00+00:00", "index": 0}\n'
            '{"v": 1, "type": "answer_submitted", "at": "2026-01-05T09:00:30+00:00", "index": 0, '
            '"answer": "kept answer", "seconds_used": 30}\n')


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (b'{"v": 1, "type": "draft_saved", "at": "2026-01-05T09:00', "truncated last line"),
        (b"not json\n{}\n", "not JSON"),
        (b'{"v": 1, "type": "draft_saved", "at": "2026-01-05T09:01:00+00:00", "index": 1, "text": "caf\xe9"}\n',
         "not UTF-8"),
        (b'{"v": 9, "type": "draft_saved", "at": "2026-01-05T09:00:00+00:00", "index": 0, "text": "x"}\n',
         "written by a newer interviewer (format 9)"),
        (b'{"v": 1, "type": "answer_submitted", "at": "2026-01-05T09:00:00+00:00", "index": 7}\n',
         "bad answer_submitted event"),
    ],
)
def test_a_damaged_v1_line_costs_only_that_line(isolated_environment, damage, expected):
    path = isolated_environment / "sessions" / "s1.jsonl"
    path.parent.mkdir()
    path.write_bytes(V1_START.encode() + damage)
    store = open_store()
    assert any(expected in p and f"{path}:" in p for p in store.import_problems), store.import_problems
    assert store.load("s1").record.records[0].answer == "kept answer" and path.exists()  # the original is kept


@pytest.mark.parametrize(("seconds", "over", "shown"), [(60.4, False, "01:00 of 01:00"),
                                                        (61.2, True, "01:01 of 01:00, over by 00:01")])
def test_over_time_means_the_same_in_the_record_and_on_screen(seconds, over, shown):
    from interviewer.presentation.view import time_used

    interview, clock = start(mode="practice")
    clock.advance(seconds)
    item = interview.record.records[interview.submit("an answer")]
    assert item.over_time is over and time_used(item) == shown


def test_the_average_counts_skipped_questions_as_zero_and_not_those_the_end_came_before():
    interview, clock = start()
    interview.submit("first")
    feedback = Feedback(question_id="dropout", score=9,
                        provenance=Provenance(grader="offline", rubric_id="dropout", rubric_hash="h"))
    interview.write(FeedbackReceived(at=clock.wall(), index=0, feedback=feedback))
    interview.next_question()
    interview.submit("", skipped=True)
    assert interview.record.average == 4.5  # 9 and a skipped 0; the third question is still to come
    interview.end()
    assert interview.record.average == 4.5  # ended before the third was answered: it is not a zero (#25)
    (summary,) = Store().sessions()
    assert summary.average == 4.5
