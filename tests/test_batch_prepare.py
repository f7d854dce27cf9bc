"""`batch prepare` writes the Batch API's line format with online grading's own request body; bad rows are
named; shards respect the limits; `import` takes vLLM run-batch output; the sources (history, eval sets)."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime

import httpx
import pytest

from batch_support import ANSWERS, Clock, first_point, mount, write_cohort
from interviewer.batch.state import connect, state_path
from interviewer.grading.base import GradeRequest
from interviewer.grading.openai_grader import OpenAIGrader
from interviewer.bank import load_bank
from interviewer.rubric.store import rubric_for
from interviewer.settings import load_settings
from interviewer.storage.store import Store
from interviewer.testing.standin_batches import BatchEndpoints

BATCH_LINE_KEYS = {"custom_id", "method", "url", "body"}


def shard_lines(home) -> list[dict]:
    return [json.loads(line) for path in sorted((home / "batch" / "shards").glob("shard-*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()]


def without_nonce(body: dict) -> dict:
    text = json.dumps(body)
    return json.loads(re.sub(r"(ANSWER|END|FOLLOW-UP|END-FOLLOW-UP)-[0-9a-f]{16}", r"\1-N", text))


@pytest.fixture
def cohort(tmp_path):
    path = tmp_path / "cohort.csv"
    write_cohort(path)
    return path


def test_each_line_is_a_batch_api_request_with_a_stable_unique_custom_id(run_cli, cohort, isolated_environment,
                                                                          monkeypatch):
    code, out, _ = run_cli("batch", "prepare", str(cohort))
    assert code == 0
    lines = shard_lines(isolated_environment)
    assert len(lines) == len(ANSWERS)
    for line in lines:
        assert set(line) == BATCH_LINE_KEYS and line["method"] == "POST" and line["url"] == "/v1/chat/completions"
        assert isinstance(line["custom_id"], str) and len(line["custom_id"]) <= 64
        assert "stream" not in line["body"] and line["body"]["model"] == "gpt-4o-mini"
    assert len({line["custom_id"] for line in lines}) == len(lines)
    # Another data folder, the same answers: the same ids (they hash the answer, rubric, prompt and model).
    other = isolated_environment.parent / "other"
    monkeypatch.setenv("INTERVIEWER_HOME", str(other))
    run_cli("batch", "prepare", str(cohort))
    assert [line["custom_id"] for line in shard_lines(other)] == [line["custom_id"] for line in lines]
    code, out, _ = run_cli("batch", "prepare", str(cohort), "--model", "gpt-4.1")
    assert out.startswith("4 new answer(s)")  # another model is another request


def test_a_line_carries_online_grading_request_and_its_reply_grades_the_same(run_cli, cohort, openai_mock,
                                                                                  isolated_environment):
    settings = load_settings()
    question = load_bank().get("cnn-applications")
    answer = ANSWERS["alice", "cnn-applications"]
    sent = []

    def online(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.read()))
        return httpx.Response(200, json=first_point(sent[-1]))

    openai_mock.post("/chat/completions").mock(side_effect=online)
    grading = OpenAIGrader.from_settings(settings).grade(GradeRequest(question, rubric_for(question), answer))
    expected = asyncio.run(grading)
    clock = Clock()
    mount(openai_mock, BatchEndpoints(first_point, clock=clock))
    run_cli("batch", "prepare", str(cohort))
    [line] = [line for line in shard_lines(isolated_environment) if answer in json.dumps(line)]
    online_body = {k: v for k, v in sent[0].items() if k not in ("stream", "stream_options")}
    assert without_nonce(line["body"]) == without_nonce(online_body)
    assert run_cli("batch", "submit")[0] == 0
    assert run_cli("batch", "collect")[1].startswith("4 graded, 0 failed")
    db = connect(state_path(isolated_environment / "batch"))
    stored = json.loads(db.execute("SELECT feedback FROM requests WHERE custom_id = ?", (line["custom_id"],)).fetchone()[0])
    want = expected.model_dump(mode="json")
    for feedback in (stored, want):
        feedback["provenance"].pop("latency_ms")
    assert stored == want


def test_bad_rows_are_one_line_each_naming_the_row_and_the_rest_is_prepared(run_cli, tmp_path, isolated_environment):
    path = tmp_path / "cohort.csv"
    write_cohort(path, [("alice", "cnn-applications", ANSWERS["alice", "cnn-applications"], "A"),
                        ("", "cnn-applications", "an answer", "A"), ("bob", "no-such-question", "x", "B")])
    code, out, err = run_cli("batch", "prepare", str(path))
    assert code == 0 and out.startswith("1 new answer(s) in cohort 'cohort'; 2 row(s) skipped")
    assert err.splitlines() == [
        "cohort.csv:3: empty candidate; row skipped",
        "cohort.csv:4: unknown question id 'no-such-question' (`interviewer bank list` shows the ids); row skipped"]
    (tmp_path / "wrong.csv").write_text("name,question,answer\nx,y,z\n", encoding="utf-8")
    code, _, err = run_cli("batch", "prepare", str(tmp_path / "wrong.csv"))
    assert code == 2 and err.count("\n") == 1 and "missing column(s) ['candidate', 'question_id']" in err
    code, _, err = run_cli("batch", "prepare", str(tmp_path / "absent.csv"))
    assert code == 2 and "absent.csv: cannot read the cohort CSV" in err


def test_shards_split_at_the_line_and_byte_limits(run_cli, cohort, isolated_environment):
    code, out, _ = run_cli("batch", "prepare", str(cohort), "--max-lines", "3")
    assert [int(n) for n in re.findall(r": (\d+) request", out)] == [3, 1]
    for path in (isolated_environment / "batch" / "shards").glob("*.jsonl"):
        path.unlink()
    db = connect(state_path(isolated_environment / "batch"))
    db.execute("UPDATE requests SET status = 'pending'")
    code, out, _ = run_cli("batch", "prepare", "--retry", "--max-bytes", "40000")
    sizes = [p.stat().st_size for p in (isolated_environment / "batch" / "shards").glob("*.jsonl")]
    assert len(sizes) >= 2 and max(sizes) <= 40000 and sum(int(n) for n in re.findall(r": (\d+) request", out)) == 4
    code, _, err = run_cli("batch", "prepare", "--retry", "--max-lines", "60000")
    assert code == 2 and "--max-lines must be between 1 and 50,000" in err


@pytest.fixture
def vllm_output(run_cli, cohort, isolated_environment, tmp_path):
    """What `vllm run-batch -i shard-001.jsonl -o out.jsonl` writes: its own ids, its chat completion (with
    vLLM's extra fields), and an error line as vLLM writes one (status 400, no body, `error` a string)."""
    run_cli("batch", "prepare", str(cohort))
    lines = shard_lines(isolated_environment)
    out = []
    for n, line in enumerate(lines):
        if n == len(lines) - 1:
            out.append({"id": f"vllm-{n:032x}", "custom_id": line["custom_id"], "error": "This model's maximum "
                        "context length is 4096 tokens.", "response": {"status_code": 400,
                                                                     "request_id": f"vllm-batch-{n:032x}", "body": None}})
            continue
        completion = first_point(line["body"])
        message = completion["choices"][0]["message"]
        completion.update(model="Qwen/Qwen2.5-7B-Instruct", prompt_logprobs=None, kv_transfer_params=None)
        completion["choices"][0].update(logprobs=None, stop_reason=None)
        message.update(reasoning_content=None, tool_calls=[])
        completion["usage"]["prompt_tokens_details"] = None
        out.append({"id": f"vllm-{n:032x}", "custom_id": line["custom_id"],
                    "response": {"status_code": 200, "request_id": f"vllm-batch-{n:032x}", "body": completion},
                    "error": None})
    path = tmp_path / "out.jsonl"
    path.write_text("".join(json.dumps(o) + "\n" for o in reversed(out)) + '{"custom_id": "grade-unknown"}\n',
                    encoding="utf-8")
    return path


def test_import_takes_vllm_run_batch_output(run_cli, vllm_output, isolated_environment):
    code, out, err = run_cli("batch", "import", str(vllm_output))
    assert code == 0 and out.startswith("3 graded, 1 failed, 0 already graded")
    assert "out.jsonl line 1 (grade-" in err and "maximum context length is 4096 tokens" in err
    assert "out.jsonl line 5: custom_id 'grade-unknown' was not prepared here; skipped" in err
    db = connect(state_path(isolated_environment / "batch"))
    rows = db.execute("SELECT batch_id, feedback FROM requests WHERE status = 'graded'").fetchall()
    assert {r["batch_id"] for r in rows} == {"import:out.jsonl"}
    assert {json.loads(r["feedback"])["provenance"]["model"] for r in rows} == {"Qwen/Qwen2.5-7B-Instruct"}
    code, out, _ = run_cli("batch", "import", str(vllm_output))
    assert out.startswith("0 graded, 1 failed, 3 already graded")
    code, _, err = run_cli("batch", "import", str(vllm_output.with_name("missing.jsonl")))
    assert code == 2 and err.count("\n") == 1 and "missing.jsonl: cannot read the output file" in err


def test_prepare_from_history_takes_saved_answers_and_an_eval_dataset_each_row(run_cli, tmp_path, isolated_environment):
    store = Store()
    store.save_answer("cnn-applications", ANSWERS["alice", "cnn-applications"], datetime.now(UTC))
    store.close()
    code, out, _ = run_cli("batch", "prepare", "--from-history")
    assert code == 0 and out.startswith("1 new answer(s) in cohort 'history'")
    dataset = tmp_path / "labelled.csv"
    dataset.write_text("question,reference_answer,answer,score,max_score\n"
                       "What is dropout?,Dropout zeroes random activations during training.,It drops units.,6,10\n"
                       "What is dropout?,Dropout zeroes random activations during training.,,x,10\n", encoding="utf-8")
    code, out, err = run_cli("batch", "prepare", "--dataset", str(dataset))
    assert code == 0 and out.startswith("1 new answer(s) in cohort 'labelled'; 1 row(s) skipped")
    assert "labelled.csv:3: score 'x'" in err
    db = connect(state_path(isolated_environment / "batch"))
    assert json.loads(db.execute("SELECT extra FROM answers WHERE cohort = 'labelled'").fetchone()[0]) == {
        "human_score": "6", "max_score": "10"}


def test_a_rewritten_line_is_byte_identical_and_its_markers_are_not_guessable(run_cli, cohort, isolated_environment):
    run_cli("batch", "prepare", str(cohort))
    shard = isolated_environment / "batch" / "shards" / "shard-001.jsonl"
    first = shard.read_bytes()
    shard.unlink()
    db = connect(state_path(isolated_environment / "batch"))
    db.execute("UPDATE requests SET status = 'failed'")
    db.close()
    run_cli("batch", "prepare", "--retry")
    assert shard.read_bytes() == first
    markers = set(re.findall(rb"<<<ANSWER-([0-9a-f]{16})>>>", first))
    assert len(markers) == len(ANSWERS)  # one per request, from the folder's secret: not the custom_id's hash
    assert not any(m in first.replace(b"<<<ANSWER-" + m, b"").replace(b"<<<END-" + m, b"") for m in markers)
