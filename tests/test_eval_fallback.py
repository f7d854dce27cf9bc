"""`eval` under `auto` measures the grader it names: when LLM grades fell back to the offline grader, the report
says so, counts them and exits non-zero, instead of printing offline figures as the LLM's."""

from __future__ import annotations

import json

import httpx
import pytest


REF = "Dropout zeroes random units during training to reduce overfitting."
ROWS = ["Dropout randomly zeroes units while training so the network cannot rely on any one unit.",
        "It drops neurons at random during training as a regularizer and at inference every unit is kept.",
        "Dropout switches off a random subset of activations each step which reduces overfitting.",
        "During training dropout sets some activations to zero so units do not co-adapt."]
DATASET = "question_id,question,reference_answer,answer,score,max_score\n" + "".join(
    f"a,What does dropout do?,{REF},{answer},{i % 3},2\n" for i, answer in enumerate(ROWS))


@pytest.fixture
def dataset(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWER_MAX_ATTEMPTS", "1")
    path = tmp_path / "tiny.csv"
    path.write_text(DATASET)
    return path


def test_every_row_fell_back_reports_offline_figures_as_offline(run_cli, openai_mock, dataset):
    openai_mock.post("/chat/completions").mock(return_value=httpx.Response(401, json={"error": {"message": "bad key"}}))
    code, out, err = run_cli("eval", "--dataset", str(dataset))
    assert code == 1
    assert "openai grader" not in out.splitlines()[0] and "offline" in out.splitlines()[0]
    assert "4 of 4" in out + err and "bad key" in err


def test_json_names_the_grader_that_graded_and_counts_fallbacks(run_cli, openai_mock, dataset):
    openai_mock.post("/chat/completions").mock(return_value=httpx.Response(401, json={"error": {"message": "bad key"}}))
    code, out, _ = run_cli("eval", "--dataset", str(dataset), "--json")
    report = json.loads(out)
    assert code == 1 and report["grader"] == "offline" and report["fallbacks"] == 4


async def test_some_rows_falling_back_are_counted_with_the_first_reason(dataset):
    from interviewer.evaluation.dataset import read_dataset
    from interviewer.evaluation.runner import evaluate
    from interviewer.testing.fake_grader import ScriptedGrader
    from interviewer.grading.offline import OfflineGrader
    from interviewer.llm.errors import LLMUnavailable

    from test_eval import scripted

    flaky = ScriptedGrader([LLMUnavailable("down"), *scripted(5).script] * 2)
    result = await evaluate(read_dataset(dataset, None), flaky, OfflineGrader(), concurrency=1)
    assert (result.graded, result.fallbacks, result.fallback_reason) == (4, 2, "down")


def test_no_fallback_is_a_clean_run(run_cli, dataset):
    code, out, _ = run_cli("eval", "--dataset", str(dataset), "--grader", "offline", "--json")
    assert code == 0 and json.loads(out)["fallbacks"] == 0


def test_limit_stops_reading_the_dataset_after_its_rows(run_cli, tmp_path):
    path = tmp_path / "long.csv"
    filler = "".join(f"a,What does dropout do?,{REF},{ROWS[i % 4]},1,2\n" for i in range(20_000))  # about 3 MB
    path.write_bytes((DATASET + filler).encode() + "a,Q,ref,caf\xe9,1,2\n".encode("latin-1"))
    code, out, err = run_cli("eval", "--dataset", str(path), "--grader", "offline", "--limit", "2", "--json")
    assert code == 0 and json.loads(out)["n"] == 2  # the bad byte at the end was never read
    code, _, err = run_cli("eval", "--dataset", str(path), "--grader", "offline", "--json")
    assert code == 2 and f"{path}:20006: not UTF-8 text (byte 0xe9)" in err  # read whole, it is found and located
