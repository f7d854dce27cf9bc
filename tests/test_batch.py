"""`interviewer batch`: prepare -> submit -> collect against the stand-in's Files and Batches endpoints (respx),
and what the real API does to batches: expiry, failed lines, partial output, cancellation, invalid replies."""

from __future__ import annotations

import json

import pytest

from batch_support import ANSWERS, Clock, answer_of, first_point, mount, write_cohort
from conftest import FAKE_KEY
from interviewer.batch import results
from interviewer.batch.state import connect, counts, state_path
from interviewer.testing.standin_batches import BatchEndpoints


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def endpoints(openai_mock, clock):
    served = BatchEndpoints(first_point, clock=clock, delay=60)
    mount(openai_mock, served)
    return served


@pytest.fixture
def cohort(tmp_path):
    path = tmp_path / "cohort.csv"
    write_cohort(path)
    return path


@pytest.fixture
def state(isolated_environment):
    def open_state():
        return connect(state_path(isolated_environment / "batch"))
    return open_state


def graded(state) -> dict[str, dict]:
    return {row["custom_id"]: json.loads(row["feedback"])
            for row in state().execute("SELECT custom_id, feedback FROM requests WHERE status = 'graded'")}


def run_through(run_cli, cohort, clock):
    assert run_cli("batch", "prepare", str(cohort))[0] == 0
    assert run_cli("batch", "submit")[0] == 0
    clock.now += 61
    return run_cli("batch", "collect")


def test_collect_waits_for_the_batch_then_grades_every_answer_once(run_cli, cohort, endpoints, clock, state):
    run_cli("batch", "prepare", str(cohort))
    code, out, err = run_cli("batch", "submit")
    assert code == 0 and "batch batch_000001" in out, err
    code, out, _ = run_cli("batch", "collect")
    assert code == 0 and "still validating" in out and not graded(state)
    clock.now += 61
    code, out, _ = run_cli("batch", "collect")
    assert code == 0 and out.startswith("4 graded, 0 failed")
    grades = graded(state)
    assert len(grades) == 4 and all(f["provenance"]["grader"] == "openai" for f in grades.values())
    assert {r[0] for r in state().execute("SELECT batch_id FROM requests")} == {"batch_000001"}
    code, out, _ = run_cli("batch", "collect")  # nothing left: collecting again grades nothing twice
    assert out.startswith("0 graded") and graded(state) == grades


def test_prepare_again_adds_nothing_and_writes_no_shard(run_cli, cohort, state):
    run_cli("batch", "prepare", str(cohort))
    code, out, _ = run_cli("batch", "prepare", str(cohort))
    assert code == 0 and out.startswith("0 new answer(s)") and "No request to write" in out
    assert state().execute("SELECT COUNT(*) FROM shards").fetchone()[0] == 1


def test_expired_batch_keeps_its_partial_output_and_the_rest_can_be_resubmitted(run_cli, cohort, endpoints, clock, state):
    endpoints.end_as, endpoints.answered = "expired", 1
    code, out, err = run_through(run_cli, cohort, clock)
    assert code == 0 and out.startswith("1 graded, 3 failed")
    assert "batch batch_000001 file file-batch_000001-error line" in err and "batch_expired" in err
    kept = graded(state)
    endpoints.answered = None
    run_cli("batch", "prepare", "--retry")
    run_cli("batch", "submit")
    clock.now += 61
    code, out, _ = run_cli("batch", "collect")
    assert out.startswith("3 graded, 0 failed")
    after = graded(state)
    assert len(after) == 4 and all(after[cid] == f for cid, f in kept.items())
    resubmitted = endpoints.contents[endpoints.batches["batch_000002"]["input_file_id"]].splitlines()
    assert len(resubmitted) == 3  # only the lines without a grade went again


def test_cancelled_batch_marks_its_lines_failed_naming_the_batch(run_cli, cohort, endpoints, clock, state):
    run_cli("batch", "prepare", str(cohort))
    run_cli("batch", "submit")
    endpoints.respond("POST", "/v1/batches/batch_000001/cancel", "", b"")
    clock.now += 61
    code, out, err = run_cli("batch", "collect")
    assert out.startswith("0 graded, 4 failed")
    assert "batch batch_000001 (cancelled): 4 line(s) had no result (the batch was cancelled" in err
    code, out, _ = run_cli("batch", "status", "--failed")
    assert "4 failed" in out and out.count("batch batch_000001: the batch was cancelled") == 4


def test_a_reply_failing_validation_fails_that_line_alone(run_cli, cohort, endpoints, clock, state):
    bad = ANSWERS["bob", "cnn-architecture"]

    def answer(body):
        reply = first_point(body)
        if answer_of(body) == bad:
            content = json.loads(reply["choices"][0]["message"]["content"])
            content["dimensions"]["depth"]["score"] = 9  # not 1-5
            reply["choices"][0]["message"]["content"] = json.dumps(content)
        return reply

    endpoints.answer = answer
    code, out, err = run_through(run_cli, cohort, clock)
    assert out.startswith("3 graded, 1 failed")
    [message] = err.strip().splitlines()
    assert message.startswith("batch batch_000001 file file-batch_000001-output line ")
    assert "did not match the grade schema" in message and "dimensions.depth.score" in message
    failed = state().execute("SELECT custom_id, answer, error FROM requests WHERE status = 'failed'").fetchall()
    assert [r["answer"] for r in failed] == [bad] and failed[0]["custom_id"] in message


def test_a_line_the_engine_failed_is_named_and_the_others_graded(run_cli, cohort, endpoints, clock, state):
    def answer(body):
        if answer_of(body) == ANSWERS["alice", "cnn-applications"]:
            raise LookupError("the model is overloaded")
        return first_point(body)

    endpoints.answer = answer
    code, out, err = run_through(run_cli, cohort, clock)
    assert out.startswith("3 graded, 1 failed")
    assert "file-batch_000001-error line 1" in err and "HTTP 404: the model is overloaded" in err


def test_a_batch_the_api_rejects_is_one_line_naming_the_shard_and_is_not_uploaded_twice(run_cli, cohort, endpoints,
                                                                                         monkeypatch, state):
    run_cli("batch", "prepare", str(cohort))
    served = endpoints.respond
    refusal = [(400, json.dumps({"error": {"message": "Enqueued token limit reached for gpt-4o-mini",
                                           "type": "invalid_request_error"}}).encode(), "application/json")]

    def respond(method, path, content_type, body):
        if method == "POST" and path.endswith("/batches") and refusal:
            return refusal.pop()
        return served(method, path, content_type, body)

    monkeypatch.setattr(endpoints, "respond", respond)
    code, out, err = run_cli("batch", "submit")
    assert code == 1 and err.count("\n") == 1
    assert "shard-001.jsonl: the API did not accept the batch (HTTP 400: Enqueued token limit reached" in err
    assert counts(state()) == {"queued": 4}
    code, out, _ = run_cli("batch", "submit")
    assert code == 0 and "batch batch_000001" in out and len(endpoints.files) == 1  # the upload was reused
    assert counts(state()) == {"submitted": 4}


def test_collect_killed_midway_then_rerun_finishes_without_duplicates(run_cli, cohort, endpoints, clock, state,
                                                                       monkeypatch):
    monkeypatch.setattr(results, "_CHUNK", 1)
    real, calls = results.Grading.feedback, []

    def killed_after_two(self, request, record):
        calls.append(request["custom_id"])
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(self, request, record)

    monkeypatch.setattr(results.Grading, "feedback", killed_after_two)
    code, _, err = run_through(run_cli, cohort, clock)
    assert code == 130 and len(graded(state)) == 2
    kept = graded(state)
    monkeypatch.setattr(results.Grading, "feedback", real)
    code, out, _ = run_cli("batch", "collect")
    assert out.startswith("2 graded, 0 failed, 2 already graded")
    after = graded(state)
    assert len(after) == 4 and all(after[cid] == f for cid, f in kept.items())


def test_the_key_is_never_stored_nor_shown(run_cli, cohort, endpoints, clock, state):
    def echo_key(body):
        reply = first_point(body)
        content = json.loads(reply["choices"][0]["message"]["content"])
        content["strengths"] = [f"my key is {FAKE_KEY}"]
        if answer_of(body) == ANSWERS["alice", "cnn-applications"]:
            content["dimensions"] = FAKE_KEY  # fails validation: the error is shown
        reply["choices"][0]["message"]["content"] = json.dumps(content)
        return reply

    endpoints.answer = echo_key
    code, out, err = run_through(run_cli, cohort, clock)
    assert out.startswith("3 graded, 1 failed")
    dump = "\n".join(str(tuple(row)) for row in state().execute("SELECT * FROM requests"))
    assert FAKE_KEY[:12] not in dump + out + err


def test_a_batch_the_api_fails_in_validation_names_the_batch_and_its_input_line(run_cli, cohort, endpoints, clock,
                                                                                isolated_environment):
    run_cli("batch", "prepare", str(cohort))
    with open(next((isolated_environment / "batch" / "shards").glob("*.jsonl")), "a") as shard:
        shard.write("not json\n")
    run_cli("batch", "submit")
    clock.now += 61
    code, out, err = run_cli("batch", "collect")
    assert code == 0 and out.startswith("0 graded, 4 failed")
    assert err.strip() == ("batch batch_000001 (failed): 4 line(s) had no result (the API rejected the batch (input "
                           "line 5): This line is not valid JSON with custom_id and body.)")
