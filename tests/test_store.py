"""The SQLite store: typed events and their v1 upgrade, summary rows against a replay, the one-time v1
import (damaged lines, idempotence), concurrent `interviewer grade` runs and a SIGKILL mid-interview."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import killed_coach
from interviewer.bank import load_bank
from interviewer.domain.feedback import Feedback, PointVerdict, Provenance, Verdict
from interviewer.domain.session import SessionConfig, SessionRecord
from interviewer.drill.schedule import ReviewState, Schedule
from interviewer.testing.clock import FakeClock
from interviewer.engine.coach import Coach, GradeJob
from interviewer.engine.interview import Phase
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.domain.events import (
    EVENT_VERSION, AnswerSubmitted, DraftSaved, FeedbackReceived, FollowUpAnswered, FollowUpAsked, GradingFailed,
    HintShown, NewerEventError, QuestionAsked, SessionEnded, SessionStarted, parse_event, upgrade_v1,
)
from interviewer.storage.replay import rebuild
from interviewer.storage.opening import open_store
from interviewer.storage.store import Store

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
CONFIG = SessionConfig(question_ids=["dropout", "softmax", "backpropagation"], follow_up_depth=1)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def feedback(question_id: str, score: float, missed: dict[str, Verdict] | None = None) -> Feedback:
    verdicts = [PointVerdict(point_id="made", verdict=Verdict.COVERED, quote="made")]
    verdicts += [PointVerdict(point_id=p, verdict=v) for p, v in (missed or {}).items()]
    return Feedback(question_id=question_id, score=score, verdicts=verdicts,
                    provenance=Provenance(grader="fake", rubric_id=question_id, rubric_hash="h"))


# One session through every kind of event, in an order the coach can produce.
LIFE = [
    SessionStarted(at=at(0), id="s1", config=CONFIG),
    QuestionAsked(at=at(1), index=0, seconds_allowed=300),
    DraftSaved(at=at(2), index=0, text="Dropout zer"),
    HintShown(at=at(3), index=0, hint="set to zero"),
    AnswerSubmitted(at=at(4), index=0, answer="Dropout zeroes units.", seconds_used=3.0),
    FeedbackReceived(at=at(5), index=0, feedback=feedback("dropout", 4.0, {"inference-off": Verdict.MISSING,
                                                                           "rate": Verdict.INCORRECT})),
    FollowUpAsked(at=at(6), index=0, text="And at test time?", target_point="inference-off"),
    DraftSaved(at=at(7), index=0, text="It is tur", follow_up=0),
    FollowUpAnswered(at=at(8), index=0, follow_up=0, answer="It is turned off."),
    GradingFailed(at=at(9), index=0, error="timed out", follow_up=0),
    FeedbackReceived(at=at(10), index=0, feedback=feedback("dropout", 10.0), follow_up=0, recovered=True),
    QuestionAsked(at=at(11), index=1, seconds_allowed=300),
    AnswerSubmitted(at=at(12), index=1, answer="", seconds_used=1.0, skipped=True),
    QuestionAsked(at=at(13), index=2, seconds_allowed=300),
    AnswerSubmitted(at=at(14), index=2, answer="Chain rule.", seconds_used=70.0, over_time=True, overrun_seconds=10.0),
    GradingFailed(at=at(15), index=2, error="timed out"),
    FeedbackReceived(at=at(16), index=2, feedback=feedback("backpropagation", 7.0)),
    SessionEnded(at=at(17)),
]


# --- events -------------------------------------------------------------------------------------
@pytest.mark.parametrize("event", LIFE, ids=lambda e: e.type)
def test_every_event_round_trips_through_its_stored_json(event):
    assert parse_event(json.loads(event.model_dump_json())) == event


def test_a_v1_line_upgrades_to_the_current_version():
    raw = {"v": 1, "type": "draft_saved", "at": T0.isoformat(), "index": 0, "text": "half"}
    upgraded = upgrade_v1(raw)
    assert upgraded == {**raw, "v": EVENT_VERSION, "follow_up": None} and "follow_up" not in raw
    assert parse_event(raw) == DraftSaved(at=T0, index=0, text="half")
    failed = parse_event({"type": "grading_failed", "at": T0.isoformat(), "index": 1, "error": "x"})  # no "v": v1
    assert failed == GradingFailed(at=T0, index=1, error="x") and failed.v == EVENT_VERSION


def test_an_event_from_a_newer_version_is_refused_not_guessed_at():
    raw = {"v": EVENT_VERSION + 1, "type": "session_ended", "at": T0.isoformat()}
    with pytest.raises(NewerEventError):
        parse_event(raw)
    replay = rebuild([("here:1", json.loads(LIFE[0].model_dump_json())), ("here:2", raw)])
    assert replay.record.ended_at is None and "here:2" in replay.problems[0]


# --- summary rows ---------------------------------------------------------------------------------
def summary_of(record: SessionRecord) -> tuple:
    """What the sessions and answers rows must say, worked out from the replayed record."""
    graded = [r.feedback.score for r in record.records if r.feedback]
    counted = graded + [0.0 for r in record.records if r.skipped or (record.finished and not r.answered)]
    session = (record.ended_at, len(record.records), sum(r.answered and not r.skipped for r in record.records),
               len(graded), sum(counted) / len(counted) if counted else None)
    answers = [(r.question_id, r.answered, r.skipped, r.feedback.score if r.feedback else None,
                tuple(v.point_id for v in r.feedback.verdicts if v.verdict in (Verdict.MISSING, Verdict.INCORRECT))
                if r.feedback else ()) for r in record.records]
    return session, answers


def stored_summary(store: Store, session_id: str) -> tuple:
    [row] = [s for s in store.sessions() if s.id == session_id]
    answers = store.db.execute("SELECT idx, question_id, answered, skipped, score FROM answers WHERE session_id = ? "
                               "ORDER BY idx", (session_id,)).fetchall()
    missed = store.db.execute("SELECT idx, point_id FROM missed WHERE session_id = ? ORDER BY rowid",
                              (session_id,)).fetchall()
    return ((row.ended_at, row.questions, row.answered, row.graded, row.average),
            [(a["question_id"], bool(a["answered"]), bool(a["skipped"]), a["score"],
              tuple(m["point_id"] for m in missed if m["idx"] == a["idx"])) for a in answers])


def test_summary_rows_match_a_replay_after_every_kind_of_event(tmp_path):
    store, record = Store(tmp_path), None
    for event in LIFE:
        record = store.append(record, event)
        replayed = Store(tmp_path).load("s1").record
        assert replayed == record
        assert stored_summary(store, "s1") == summary_of(replayed), event.type
    assert summary_of(record)[0] == (at(17), 3, 2, 2, 11 / 3)  # the oracle saw the whole life; skipped counts 0


def scored_session(store: Store, session_id: str, start: float, scores: dict[str, float]) -> None:
    record = store.append(None, SessionStarted(at=at(start), id=session_id,
                                               config=SessionConfig(question_ids=list(scores))))
    for index, (question_id, score) in enumerate(scores.items()):
        record = store.append(record, QuestionAsked(at=at(start), index=index, seconds_allowed=300))
        record = store.append(record, AnswerSubmitted(at=at(start), index=index, answer="x", seconds_used=1.0))
        record = store.append(record, FeedbackReceived(at=at(start), index=index, feedback=feedback(question_id, score)))
    store.append(record, SessionEnded(at=at(start)))


def test_progress_for_a_screen_keeps_each_topics_latest_sessions_as_the_full_history_has_them(tmp_path):
    store = Store(tmp_path)
    topic_of = {"dropout": "regularization", "softmax": "fundamentals", "backpropagation": "training-optimization"}
    scored_session(store, "old", 0, {"softmax": 3.0, "dropout": 1.0, "not-in-the-bank": 9.0})
    for n in range(12):
        scored_session(store, f"s{n:02d}", 60 * (n + 1), {"dropout": float(n % 10), "backpropagation": 5.0 + n % 3})
    full, recent = store.progress(topic_of), store.progress(topic_of, recent=4)

    def by_topic(means):
        found = {}
        for topic, mean in means:
            found.setdefault(topic, []).append(mean)
        return found

    assert by_topic(full.topic_means)["regularization"] == [1.0, *[float(n % 10) for n in range(12)]]
    assert by_topic(recent.topic_means) == {topic: means[-4:] for topic, means in by_topic(full.topic_means).items()}
    assert recent.topic_means[0] == ("fundamentals", 3.0)  # a topic last seen long ago, oldest first
    assert (recent.graded, recent.seen, recent.sessions_per_day) == (full.graded, full.seen, full.sessions_per_day)
    assert full.graded == 2 + 24 and "not-in-the-bank" in full.seen and full.sessions_per_day == [("2026-01-05", 13)]


# --- the v1 import ----------------------------------------------------------------------------------
def v1_transcript(session_id: str) -> list[bytes]:
    """A v1 practice interview as interviewer 0.1 wrote it: one JSON event per line, format 1."""
    config = {"question_ids": ["dropout", "softmax"], "mode": "practice", "seconds_per_question": 300.0,
              "total_seconds": None, "grader": "offline", "kind": "mock", "follow_up_depth": 1}
    graded = feedback("dropout", 5.0, {"inference-off": Verdict.MISSING}).model_dump(mode="json")
    events = [
        ("session_started", {"id": session_id, "config": config}),
        ("question_asked", {"index": 0, "seconds_allowed": 300.0}),
        ("draft_saved", {"index": 0, "text": "Dropout zeroes"}),
        ("answer_submitted", {"index": 0, "answer": "Dropout zeroes units.", "seconds_used": 40.0,
                              "over_time": False, "overrun_seconds": 0.0, "skipped": False}),
        ("feedback_received", {"index": 0, "feedback": graded, "follow_up": None, "recovered": None}),
        ("follow_up_asked", {"index": 0, "text": "And at test time?", "target_point": "inference-off"}),
        ("follow_up_answered", {"index": 0, "follow_up": 0, "answer": "It is turned off."}),
        ("feedback_received", {"index": 0, "feedback": graded, "follow_up": 0, "recovered": True}),
        ("question_asked", {"index": 1, "seconds_allowed": 300.0}),
        ("draft_saved", {"index": 1, "text": "Softmax gives"}),
        ("answer_submitted", {"index": 1, "answer": "Softmax gives probabilities.", "seconds_used": 30.0,
                              "over_time": False, "overrun_seconds": 0.0, "skipped": False}),
        ("grading_failed", {"index": 1, "error": "APITimeoutError"}),
        ("session_ended", {}),
    ]
    return [json.dumps({"v": 1, "type": kind, "at": at(n).isoformat(), **payload}).encode() + b"\n"
            for n, (kind, payload) in enumerate(events)]


@pytest.fixture
def v1_home(tmp_path):
    """A v1 data folder: a good, a torn and a bad-byte transcript, a schedule and two saved answers."""
    sessions, answers = tmp_path / "sessions", tmp_path / "answers"
    sessions.mkdir()
    answers.mkdir()
    (sessions / "good.jsonl").write_bytes(b"".join(v1_transcript("20260105-090000-aaaa")))
    torn = v1_transcript("20260105-100000-bbbb")
    (sessions / "torn.jsonl").write_bytes(b"".join(torn[:-1]) + torn[-1][:15])
    bad = v1_transcript("20260105-110000-cccc")
    bad[2] = bad[2].replace(b"Dropout zeroes", b"Dropout \xff zeroes")
    (sessions / "bad-byte.jsonl").write_bytes(b"".join(bad))
    schedule = Schedule(items={"dropout": ReviewState(due=T0.date(), reviews=3, last_score=6.0),
                               "dropout#inference-off": ReviewState(due=T0.date(), reviews=1)})
    (tmp_path / "schedule.json").write_text(schedule.model_dump_json())
    (answers / "20260105-091500-dropout.txt").write_text("Dropout zeroes units at random.")
    (answers / "20260105-091600-softmax.txt").write_bytes(b"Softmax gives caf\xe9 probabilities.")
    return tmp_path


def snapshot(home: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in home.rglob("*") if p.is_file() and not p.name.startswith("interviewer.db")}


def test_v1_files_import_with_only_the_damaged_lines_lost(v1_home):
    store = open_store(v1_home)
    problems = store.import_problems
    torn, bad, sm = v1_home / "sessions/torn.jsonl", v1_home / "sessions/bad-byte.jsonl", v1_home / "answers"
    assert len(problems) == 3
    assert problems[0].startswith(f"{bad}:3: not UTF-8")
    assert problems[1].startswith(f"{torn}:13: truncated last line")
    assert problems[2].startswith(f"{sm / '20260105-091600-softmax.txt'}: not UTF-8")

    listed = {s.id: s for s in store.sessions()}
    assert sorted(listed) == ["20260105-090000-aaaa", "20260105-100000-bbbb", "20260105-110000-cccc"]
    assert [len(store.event_lines(i)) for i in sorted(listed)] == [13, 12, 12]
    assert listed["20260105-100000-bbbb"].status == "interrupted" and listed["20260105-110000-cccc"].finished
    for session_id in listed:
        record = store.load(session_id).record
        assert [r.answer for r in record.records] == ["Dropout zeroes units.", "Softmax gives probabilities."]
        assert record.records[0].follow_ups[0].recovered is True
        assert record.records[1].grading_error == "APITimeoutError"
        assert stored_summary(store, session_id) == summary_of(record)
    stored_draft = json.loads(store.event_lines("20260105-090000-aaaa")[2])
    assert (stored_draft["v"], stored_draft["follow_up"]) == (EVENT_VERSION, None)  # stored upgraded

    imported = Schedule.model_validate_json((v1_home / "schedule.json").read_text())
    assert Schedule.from_rows(store.review_rows()).items == imported.items
    assert store.saved_answers("dropout") == ["Dropout zeroes units at random."]
    assert store.saved_answers("softmax") == ["Softmax gives caf\ufffd probabilities."]


def test_the_v1_import_runs_once_and_keeps_the_originals(v1_home):
    originals = snapshot(v1_home)
    assert Store(v1_home).sessions() == []  # only open_store imports
    first = open_store(v1_home)
    counts = [len(first.sessions()), len(first.import_problems), len(first.saved_answers("dropout"))]
    first.close()
    again = open_store(v1_home)
    assert again.import_problems == [] and counts == [3, 3, 1]
    assert len(again.sessions()) == 3 and again.saved_answers("dropout") == ["Dropout zeroes units at random."]
    assert len(again.event_lines("20260105-090000-aaaa")) == 13
    assert snapshot(v1_home) == originals


# --- several processes, and a killed one --------------------------------------------------------------
@pytest.mark.slow  # six interviewer processes
def test_six_grade_processes_at_once_keep_six_answers(tmp_path):
    env = {**os.environ, "INTERVIEWER_HOME": str(tmp_path)}
    # Two words: the validity gate answers without loading the offline grader. The answer is saved before
    # any grading, so the race under test is the same and the six processes finish sooner.
    answers = [f"Attempt {n}" for n in range(6)]
    runs = [subprocess.Popen([sys.executable, "-m", "interviewer", "grade", "--question", "dropout", "--answer", a,
                              "--grader", "offline", "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for a in answers]
    for run in runs:
        out, err = run.communicate(timeout=60)
        assert run.returncode == 0, err.decode()
        assert json.loads(out)["question_id"] == "dropout"
    assert sorted(Store(tmp_path).saved_answers("dropout")) == answers


def test_a_killed_interview_keeps_its_answers_and_draft_and_resumes_there(tmp_path):
    script = Path(__file__).with_name("killed_coach.py")
    process = subprocess.Popen([sys.executable, str(script), str(tmp_path)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "ready\n", process.stderr.read()
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    store = Store(tmp_path)
    [summary] = store.interrupted()
    assert (summary.id, summary.answered) == (killed_coach.SESSION_ID, 2)
    coach = Coach(bank=load_bank(), store=store, clock=FakeClock(), grader=ScriptedGrader())
    assert coach.resume(killed_coach.SESSION_ID) == [GradeJob(0), GradeJob(1)]  # never graded
    record = coach.interview.record
    assert [r.answer for r in record.records[:2]] == killed_coach.ANSWERS
    assert (coach.interview.phase, coach.interview.index) == (Phase.ANSWERING, 2)
    assert coach.interview.current_record.draft == killed_coach.DRAFT
