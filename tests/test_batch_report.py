"""`batch report`: per-candidate reports (Markdown, JSON), the cohort summary and the cost at batch prices; and
the whole loop over the loopback stand-in server (real HTTP, multipart upload, streamed download)."""

from __future__ import annotations

import json

import pytest

from batch_support import ANSWERS, Clock, first_point, mount, write_cohort
from interviewer.testing.standin_batches import BatchEndpoints
from interviewer.testing.standin_server import StandInServer

ODD_NAME = "**dave** <img src=x>"


@pytest.fixture
def graded_cohort(run_cli, tmp_path, openai_mock, isolated_environment):
    path = tmp_path / "spring.csv"
    rows = [(c, q, a, "A") for (c, q), a in ANSWERS.items()]
    rows.append((ODD_NAME, "cnn-applications", ANSWERS["alice", "cnn-applications"], "B"))  # alice's answer again
    rows.append(("erin", "cnn-applications", "Nothing.", "B"))  # stopped by the gate: never sent
    write_cohort(path, rows)
    (isolated_environment / "config.toml").write_text('[prices."gpt-4o-mini"]\nprompt = 0.15\ncompletion = 0.6\n')
    mount(openai_mock, BatchEndpoints(first_point, clock=Clock()))
    run_cli("batch", "prepare", str(path))
    run_cli("batch", "submit")
    assert run_cli("batch", "collect")[1].startswith("4 graded")
    return tmp_path


def test_report_ranks_candidates_with_their_weakest_topics_and_writes_each_report(run_cli, graded_cohort):
    out_dir = graded_cohort / "reports"
    code, out, err = run_cli("batch", "report", "--out", str(out_dir), "--json")
    assert code == 0 and "Reports for 5 candidate(s)" in err
    summary = json.loads(out)
    assert summary == json.loads((out_dir / "summary.json").read_text())
    assert summary["answers_graded"] == 6 and summary["questions"]["cnn-applications"]["n"] == 4
    averages = [c["average"] for c in summary["candidates"]]
    assert averages == sorted(averages, reverse=True) and summary["candidates"][-1]["candidate"] == "erin"
    assert summary["candidates"][-1]["average"] == 0 and summary["candidates"][0]["weakest_topics"] == ["architectures-cnn"]
    reports = {p.name for p in out_dir.iterdir()}
    assert len([n for n in reports if n.endswith(".md")]) == 6 and len([n for n in reports if n.endswith(".json")]) == 6
    [dave] = [json.loads(p.read_text()) for p in out_dir.glob("dave-*.json")]
    assert dave["candidate"] == ODD_NAME and dave["answers"][0]["batch_id"] == "batch_000001"
    missed = {(m["question_id"], m["point_id"]): m["answers"] for m in summary["most_missed"]}
    counted = sum(v["verdict"] in ("missing", "incorrect") and v["point_id"] == "pooling"
                  for p in out_dir.glob("*.json") if p.name != "summary.json"
                  for a in json.loads(p.read_text())["answers"] if a["feedback"] and a["question_id"] == "cnn-applications"
                  for v in a["feedback"]["verdicts"])
    assert missed["cnn-applications", "pooling"] == counted > 0


def test_cost_counts_a_shared_request_once_at_half_the_online_price(run_cli, graded_cohort, isolated_environment):
    from interviewer.batch.state import connect, state_path

    db = connect(state_path(isolated_environment / "batch"))
    prompt = completion = 0
    for (feedback,) in db.execute("SELECT feedback FROM requests WHERE status = 'graded'"):
        provenance = json.loads(feedback)["provenance"]
        prompt, completion = prompt + provenance["prompt_tokens"], completion + provenance["completion_tokens"]
    db.close()
    summary = json.loads(run_cli("batch", "report", "--json")[1])
    assert summary["cost"]["tokens"]["gpt-4o-mini"]["prompt"] == prompt > 0
    assert summary["cost"]["usd_at_batch_prices"] == round((prompt * 0.15 + completion * 0.6) / 1e6 * 0.5, 4)


def test_markdown_shows_names_and_model_text_literally(run_cli, graded_cohort):
    code, out, _ = run_cli("batch", "report", "--out", str(graded_cohort / "r"))
    assert code == 0 and "\\*\\*dave\\*\\* \\<img src=x\\>" in out and "**dave**" not in out
    [md] = (graded_cohort / "r").glob("dave-*.md")
    assert md.read_text().startswith("# \\*\\*dave\\*\\* \\<img src=x\\>\n")


def test_report_names_the_cohort_it_cannot_find(run_cli, graded_cohort):
    code, _, err = run_cli("batch", "report", "--cohort", "autumn")
    assert code == 2 and err.strip() == "interviewer: bad input: no cohort 'autumn'; cohorts: 'spring'"


def test_the_whole_loop_runs_over_the_loopback_stand_in(run_cli, tmp_path, monkeypatch):
    clock = Clock()
    path = tmp_path / "cohort.csv"
    write_cohort(path)
    with StandInServer("lenient", batch_delay=30, clock=clock) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        run_cli("batch", "prepare", str(path))
        assert run_cli("batch", "submit")[0] == 0
        assert "batch_000001 (shard-001.jsonl): validating, 0 done" in run_cli("batch", "status")[1]
        clock.now += 30
        code, out, _ = run_cli("batch", "collect")
        assert code == 0 and out.startswith("4 graded, 0 failed")
        summary = json.loads(run_cli("batch", "report", "--json")[1])
    assert summary["answers_graded"] == 4 and len(summary["candidates"]) == 3
