"""`interviewer grade` from the command line."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from interviewer.testing.standin_server import StandInServer

ANSWER = "Dropout randomly zeroes units during training. It regularizes the network against overfitting."


def test_no_key_uses_the_offline_grader_and_says_so(run_cli, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    code, out, err = run_cli("grade", "--question", "dropout", "--answer", ANSWER)
    assert code == 0
    assert "offline grader" in err and "no OPENAI_API_KEY or OPENAI_BASE_URL is set" in err
    assert "Score:" in out and "offline grader (embedded, no LLM)" in out and "“" in out


def test_json_output_is_the_feedback_model(run_cli, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    code, out, _ = run_cli("grade", "--question", "dropout", "--answer", ANSWER, "--json")
    feedback = json.loads(out)
    assert code == 0 and 0 < feedback["score"] <= 10 and feedback["provenance"]["grader"] == "offline"


def test_answer_is_saved_owner_only_before_grading(run_cli, isolated_environment, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    run_cli("grade", "--question", "dropout", "--answer", ANSWER)
    from interviewer.storage.store import Store

    store = Store()
    assert store.saved_answers("dropout") == [ANSWER] and stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700


def test_answer_from_file_and_bad_inputs(run_cli, tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    answer_file = tmp_path / "a.txt"
    answer_file.write_text(ANSWER)
    assert run_cli("grade", "--question", "dropout", "--answer-file", str(answer_file))[0] == 0
    code, _, err = run_cli("grade", "--question", "nope", "--answer", ANSWER)
    assert code == 2 and "No question with id 'nope'" in err
    code, _, err = run_cli("grade", "--question", "dropout", "--answer-file", str(tmp_path / "missing.txt"))
    assert code == 2 and "cannot read the answer file" in err


def test_explicit_llm_grader_failure_exits_1_with_reason_and_keeps_the_answer(run_cli, monkeypatch, isolated_environment):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens on port 9
    monkeypatch.setenv("INTERVIEWER_MAX_ATTEMPTS", "1")
    code, _, err = run_cli("grade", "--question", "dropout", "--answer", ANSWER, "--grader", "openai")
    assert code == 1 and "Cannot reach 127.0.0.1:9" in err and "Your answer is saved (answer 1 in" in err
    assert "Traceback" not in err


def test_auto_grader_falls_back_to_offline_labelled(run_cli, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("INTERVIEWER_MAX_ATTEMPTS", "1")
    code, out, _ = run_cli("grade", "--question", "dropout", "--answer", ANSWER, "--json")
    provenance = json.loads(out)["provenance"]
    assert code == 0 and provenance["grader"] == "offline" and provenance["fallback"] is True
    assert "Cannot reach" in provenance["fallback_reason"]


@pytest.mark.slow  # a server thread and an interviewer process
def test_grade_against_a_standin_server_on_loopback(tmp_path):
    with StandInServer() as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "x", "INTERVIEWER_HOME": str(tmp_path)}
        result = subprocess.run(
            [sys.executable, "-m", "interviewer", "grade", "--question", "dropout", "--answer", ANSWER,
             "--grader", "openai", "--json"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    feedback = json.loads(result.stdout)
    assert feedback["provenance"]["grader"] == "openai" and feedback["provenance"]["endpoint_host"].startswith("127.0.0.1:")
    assert feedback["verdicts"][0]["verdict"] == "covered" and feedback["score"] > 0
    (request,) = server.requests
    assert request["path"] == "/v1/chat/completions" and request["body"]["model"] == "gpt-4o-mini"


def test_grade_alone_leaves_every_folder_and_file_it_writes_private(isolated_environment):
    import os
    import subprocess
    import sys

    home = isolated_environment / "fresh"
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"} | {"INTERVIEWER_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "interviewer", "grade", "--question", "dropout", "--answer", ANSWER],
                   env=env, check=True, capture_output=True)  # a fresh process: it writes the lemma cache too
    written = list(home.rglob("*"))
    assert any(p.name == "cache" for p in written)
    for path in [home, *written]:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


def test_grade_with_a_store_that_refuses_writes_says_so_and_grades_nothing(run_cli, monkeypatch):
    import sqlite3

    from interviewer.storage import store as store_module

    monkeypatch.delenv("OPENAI_API_KEY")

    def full_disk(db):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_module, "transaction", full_disk)  # every write of the store fails as on a full disk
    code, out, err = run_cli("grade", "--question", "dropout", "--answer", ANSWER)
    assert code == 1 and "cannot save the answer" in err and "disk is full" in err and "Traceback" not in err
    assert out == ""  # nothing graded: the answer was not kept


def test_the_llm_grader_without_a_key_or_endpoint_says_what_is_missing_before_any_request(run_cli, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    code, out, err = run_cli("grade", "--question", "softmax", "--grader", "openai", "--answer", ANSWER)
    assert code == 2 and "needs an API key or an endpoint" in err and "OPENAI_API_KEY" in err and out == ""
