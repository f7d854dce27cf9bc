"""The command-line details a new candidate tripped over (#25 item 9)."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest

from interviewer.storage.store import Store

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("limit", ["0", "-5"])
def test_eval_limit_below_1_is_refused(run_cli, limit):
    code, out, err = run_cli("eval", "--dataset", str(REPO / "evals" / "interview_answers.csv"), "--grader",
                             "offline", "--limit", limit)
    assert code == 2 and out == "" and "--limit must be at least 1" in err


def test_every_missing_key_exits_2_with_the_same_words(run_cli, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    grade_code, _, grade_err = run_cli("grade", "--question", "dropout", "--answer", "x", "--grader", "openai")
    build_code, _, build_err = run_cli("rubrics", "build", "--question", "dropout", "--llm", "--out", "/nonexistent")
    assert grade_code == build_code == 2
    assert "needs an API key or an endpoint" in grade_err and "needs an API key or an endpoint" in build_err


def test_rubrics_build_refuses_to_write_inside_an_installed_package(run_cli, tmp_path, monkeypatch):
    import shutil

    from interviewer import locations

    package = tmp_path / "site-packages" / "interviewer"
    shutil.copytree(locations.bundled_dir("rubrics"), package / "_data" / "rubrics")
    shutil.copytree(locations.bundled_dir("question_bank"), package / "_data" / "question_bank")
    monkeypatch.setattr(locations, "_PACKAGE_DIR", package)
    before = sorted(p.name for p in (package / "_data" / "rubrics").iterdir())
    code, _, err = run_cli("rubrics", "build", "--question", "dropout")
    assert code == 2 and "--out" in err
    assert sorted(p.name for p in (package / "_data" / "rubrics").iterdir()) == before
    code, out, _ = run_cli("rubrics", "build", "--question", "dropout", "--out", str(tmp_path / "drafts"))
    assert code == 0 and (tmp_path / "drafts" / "dropout.yaml").exists()


def test_the_drafts_rubrics_build_writes_are_ignored_by_git():
    patterns = [line.strip() for line in (REPO / ".gitignore").read_text().splitlines() if line.strip()]
    assert any(fnmatch.fnmatch("dropout.draft.yaml", pattern) for pattern in patterns)


def test_a_mistyped_question_id_suggests_the_nearest(run_cli):
    code, _, err = run_cli("bank", "show", "droput")
    assert code == 2 and "did you mean 'dropout'" in err.lower()


def make_interviews(ids: list[str]) -> None:
    from interviewer.domain.session import SessionConfig
    from interviewer.testing.clock import FakeClock
    from interviewer.engine.interview import Interview

    store = Store()
    for session_id in ids:
        Interview.start(SessionConfig(question_ids=["dropout"], mode="practice"), store, FakeClock(),
                        session_id=session_id).end()


def test_an_ambiguous_id_prefix_lists_the_matches(run_cli):
    make_interviews(["20260105-090000-aaaa", "20260105-090000-bbbb", "20260105-100000-cccc"])
    code, _, err = run_cli("transcripts", "show", "20260105-09")
    assert code == 2 and "20260105-090000-aaaa" in err and "20260105-090000-bbbb" in err and "cccc" not in err


def test_regrading_an_interview_with_no_answers_says_so(run_cli):
    make_interviews(["20260105-090000-aaaa"])
    code, out, err = run_cli("regrade", "20260105")
    assert code == 0 and "no answers to grade again" in out and "change" not in out  # no empty table
