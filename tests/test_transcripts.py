"""Transcripts: survive SIGKILL, export (golden files), never hold the key, list/show/regrade/stats."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.widgets import TextArea

from conftest import FAKE_KEY
from interviewer.bank import load_bank
from interviewer.domain.session import SessionConfig
from interviewer.engine.clock import FakeClock
from interviewer.engine.coach import Coach
from interviewer.engine.interview import Interview
from interviewer.grading.offline import OfflineGrader
from interviewer.rubric.store import rubric_for
from interviewer.settings import load_settings
from interviewer.storage.export import to_json, to_markdown
from interviewer.storage.store import Store
from interviewer.testing.standin_server import StandInServer
from interviewer.tui.app import make_app
from interviewer.tui.screens.interview import InterviewScreen

GOLDEN = Path(__file__).parent / "data" / "golden"
BANK = load_bank()
ANSWERS = {
    "dropout": "Dropout randomly zeroes units during training, a regularizer against overfitting. At inference it is off.",
    "softmax": "Softmax turns logits into probabilities that sum to one, used in the output layer for multi-class.",
}

CRASHING_SESSION = textwrap.dedent("""
    import asyncio
    from interviewer.grading.offline import OfflineGrader
    from interviewer.settings import load_settings
    from interviewer.engine.coach import MockOptions
    from interviewer.tui.app import make_app

    async def main():
        app = make_app(load_settings(grader="offline"), grader=OfflineGrader(),
                       start_mock=MockOptions(questions=3, seed=1, minutes_per_question=5, follow_ups=0))
        async with app.run_test(size=(100, 30)) as pilot:
            for text in ("first submitted answer about the topic", "second submitted answer about the topic"):
                app.screen.query_one("#answer").insert(text)
                await pilot.press("ctrl+s")
                for _ in range(40):
                    await pilot.pause()
                    if app.coach.interview.current_record.feedback:
                        break
                await pilot.press("enter")
                await pilot.pause()
            app.screen.query_one("#answer").insert("third answer, still being typed")
            app.screen.save_draft()  # what the 3-second autosave timer calls
            print("READY", flush=True)
            await asyncio.sleep(3600)

    asyncio.run(main())
""")


@pytest.mark.slow
async def test_sigkill_mid_interview_loses_nothing_and_resumes(isolated_environment):
    proc = subprocess.Popen([sys.executable, "-c", CRASHING_SESSION], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "INTERVIEWER_HOME": str(isolated_environment)})
    try:
        assert proc.stdout.readline().strip() == "READY"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    store = Store()
    (stored,) = store.interrupted()
    records = store.load(stored.id).record.records
    assert [r.answer for r in records[:2]] == ["first submitted answer about the topic",
                                               "second submitted answer about the topic"]
    assert records[2].draft == "third answer, still being typed" and records[2].answer is None

    app = make_app(load_settings(grader="offline"), grader=OfflineGrader(), store=store, clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        assert "Interrupted interview" in str(app.screen.query_one("#resume-banner").render())
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen) and app.coach.interview.index == 2
        assert app.screen.query_one("#answer", TextArea).text == "third answer, still being typed"


class ZeroLatencyOffline(OfflineGrader):
    """Deterministic provenance for golden files."""

    async def grade(self, request, on_partial=None):
        feedback = await super().grade(request)
        return feedback.model_copy(update={"provenance": feedback.provenance.model_copy(update={"latency_ms": 0.0})})


async def finished_session(grader=None) -> Interview:
    """A practice interview of two answers, graded, through the coach (as the app drives it)."""
    clock = FakeClock()
    coach = Coach(BANK, Store(), clock, grader or ZeroLatencyOffline())
    config = SessionConfig(question_ids=list(ANSWERS), mode="practice", seconds_per_question=300, follow_up_depth=0)
    coach.interview = Interview.start(config, coach.store, clock, session_id="golden")
    for answer in ANSWERS.values():
        clock.advance(95)
        for job in coach.submit(answer):
            await coach.grade(job)
        coach.advance()
    return coach.interview


@pytest.mark.parametrize("fmt", ["md", "json"])
async def test_exports_match_golden_files(fmt):
    session = await finished_session()
    text = to_markdown(session.record, BANK, rubric_for, {}) if fmt == "md" else to_json(session.record, BANK) + "\n"
    golden = GOLDEN / f"transcript.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


async def test_cli_export_writes_a_file_and_show_prints_markdown(run_cli, tmp_path):
    await finished_session()
    out = tmp_path / "t.json"
    code, _, err = run_cli("transcripts", "export", "gold", "--format", "json", "-o", str(out))
    assert code == 0 and "wrote" in err and json.loads(out.read_text())["id"] == "golden"
    code, text, _ = run_cli("transcripts", "show", "golden")
    assert code == 0 and text.startswith("# Mock interview golden") and "**Your answer**" in text


@pytest.mark.parametrize("asked", ["nope", "a**", "%", "_"])
def test_unknown_transcript_exits_2(run_cli, asked):
    code, _, err = run_cli("transcripts", "show", asked)
    assert code == 2 and f"no transcript matches {asked!r}" in err and "Traceback" not in err


async def test_list_reports_damaged_older_files_and_still_lists_the_rest(run_cli, isolated_environment):
    await finished_session()
    sessions = isolated_environment / "sessions"
    sessions.mkdir()
    (sessions / "broken.jsonl").write_text('{"v": 1, "type": "session_started", "at": "2026-01-05T09:00:00+00:00", "id": "b", "con')
    code, out, err = run_cli("transcripts", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["id"] for r in rows] == ["golden"]
    assert "broken.jsonl:1: truncated last line" in err


async def test_transcripts_never_contain_the_api_key(isolated_environment):
    from interviewer.grading.openai_grader import OpenAIGrader

    with StandInServer() as server:
        grader = OpenAIGrader.from_settings(load_settings(base_url=server.base_url))  # key: FAKE_KEY from the env
        session = await finished_session(grader)
        headers = {k.lower(): v for k, v in server.requests[0]["headers"].items()}
        assert headers["authorization"] == f"Bearer {FAKE_KEY}"  # the key did reach the endpoint
    assert session.record.records[0].feedback.provenance.grader == "openai"
    for path in isolated_environment.rglob("*"):
        if path.is_file():
            content = path.read_text(encoding="utf-8", errors="replace")
            assert FAKE_KEY not in content and "Bearer" not in content, path


def test_regrade_shows_old_and_new_side_by_side_and_can_save(run_cli):
    import asyncio

    asyncio.run(finished_session())
    code, out, _ = run_cli("regrade", "golden", "--grader", "offline")
    assert code == 0 and "old" in out and "new" in out and "+0.0" in out
    code, out, _ = run_cli("regrade", "golden", "--grader", "offline", "--save")
    assert "saved the new grades" in out
    replay = Store().load("golden")
    assert replay.problems == [] and sum(e.type == "feedback_received" for e in replay.events) == 4
    code, out, _ = run_cli("transcripts", "list", "--json")
    assert json.loads(out)[0]["average"] == pytest.approx(replay.record and sum(
        r.feedback.score for r in replay.record.records) / 2, abs=0.01)


async def test_stats_reports_topics_missed_points_and_unseen_questions(run_cli):
    await finished_session()
    code, out, _ = run_cli("stats", "--json")
    report = json.loads(out)
    assert code == 0 and report["sessions"] == 1 and report["answers"] == 2
    assert set(report["topic_scores"]) == {"regularization", "fundamentals"}
    unseen = len(BANK.questions) - 2
    assert "dropout" not in report["never_seen"] and len(report["never_seen"]) == unseen
    code, text, _ = run_cli("stats")
    assert "Score by topic" in text and f"Never seen ({unseen})" in text


async def test_a_skipped_question_exports_its_model_answer_and_references(run_cli):
    clock = FakeClock()
    coach = Coach(BANK, Store(), clock, ZeroLatencyOffline())
    config = SessionConfig(question_ids=["dropout", "softmax"], follow_up_depth=0)
    coach.interview = Interview.start(config, coach.store, clock, session_id="skips")
    coach.skip()
    coach.end("")  # softmax: never answered
    code, text, _ = run_cli("transcripts", "export", "skips")
    dropout, softmax = text.split("## 2.")
    for question, part in ((BANK.get("dropout"), dropout), (BANK.get("softmax"), softmax)):
        assert rubric_for(question).model_answer in part and question.references[0].answer in part
    assert "Skipped." in dropout and "Not answered." in softmax


@pytest.mark.parametrize("where", ["missing/dir/x.md", "."])
async def test_export_to_a_missing_folder_or_onto_a_folder_says_so(run_cli, tmp_path, where):
    await finished_session()
    code, _, err = run_cli("transcripts", "export", "golden", "-o", str(tmp_path / where))
    assert code == 2 and f"cannot write {tmp_path / where}" in err and "Traceback" not in err


def test_an_unexpected_error_is_one_plain_line_not_a_traceback(run_cli, monkeypatch):
    from interviewer.commands import stats

    monkeypatch.setattr(stats, "print_json", lambda data: 1 / 0)
    code, _, err = run_cli("stats", "--json")
    assert code == 1 and "unexpected error (ZeroDivisionError" in err and "please report it" in err


class MeteredGrader(ZeroLatencyOffline):
    """An offline grade dressed as an LLM grade that used tokens (what the cost views sum)."""

    async def grade(self, request, on_partial=None):
        feedback = await super().grade(request)
        usage = {"grader": "openai", "model": "gpt-4o-mini", "prompt_tokens": 2000, "cached_tokens": 1024,
                 "completion_tokens": 300}
        return feedback.model_copy(update={"provenance": feedback.provenance.model_copy(update=usage)})


async def test_the_export_and_stats_show_what_grading_cost(run_cli, isolated_environment):
    await finished_session(MeteredGrader())
    code, text, _ = run_cli("transcripts", "show", "golden")
    assert "Grading: 4,000 prompt (2,048 cached) + 600 completion tokens (no price set for gpt-4o-mini)" in text
    (isolated_environment / "config.toml").write_text(
        '[prices.gpt-4o-mini]\nprompt = 0.15\ncompletion = 0.60\ncached = 0.075\n')
    code, text, _ = run_cli("transcripts", "show", "golden")
    usd = (1952 * 0.15 + 2048 * 0.075 + 600 * 0.60) / 1e6
    assert f"Grading: 4,000 prompt (2,048 cached) + 600 completion tokens, ${usd:.4f}" in text
    code, out, _ = run_cli("stats", "--json")
    grading = json.loads(out)["grading"]
    assert (grading["prompt_tokens"], grading["cached_tokens"], grading["completion_tokens"]) == (4000, 2048, 600)
    assert grading["usd"] == pytest.approx(usd)


def test_show_never_sends_terminal_escapes_from_an_answer(run_cli):
    clock = FakeClock()
    coach = Coach(BANK, Store(), clock, ZeroLatencyOffline())
    coach.interview = Interview.start(SessionConfig(question_ids=["dropout"], follow_up_depth=0), coach.store, clock,
                                      session_id="esc")
    coach.submit("Dropout\x1b[2J zeroes units\x1b]52;c;cm0gLXJmIH4=\x07 during training\x1b]0;pwned\x07.")
    coach.end("")
    code, text, _ = run_cli("transcripts", "show", "esc")
    assert code == 0 and "\x1b" not in text and "\x07" not in text and "Dropout zeroes units during training." in text
