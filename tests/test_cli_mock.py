"""`interviewer mock`: too few questions is said, none is an error, an unknown topic lists the valid ones."""

from __future__ import annotations

import pytest

from interviewer.bank import load_bank
from interviewer.bank.select import servable_count
from interviewer.domain.taxonomy import Kind, Topic
from interviewer.tui.app import InterviewerApp


@pytest.fixture
def started(monkeypatch):
    """The options each app would have started with; no terminal app is run."""
    from interviewer.commands import tui

    monkeypatch.setattr(tui, "in_a_terminal", lambda: True)
    runs = []
    monkeypatch.setattr(InterviewerApp, "run", lambda app: runs.append(app.start_mock))
    return runs


def test_mock_says_when_the_topic_has_fewer_questions_than_asked(run_cli, started):
    available = servable_count(load_bank([]).filter([Topic.GENERATIVE_MODELS]))  # one question per group
    assert 0 < available < 10  # the case the notice is for
    code, _, err = run_cli("mock", "--topic", "generative-models", "--questions", "10")
    assert code == 0 and len(started) == 1
    assert f"--topic generative-models matches only {available} questions" in err and "not 10" in err


def test_mock_with_enough_questions_says_nothing(run_cli, started):
    code, _, err = run_cli("mock", "--questions", "3")
    assert code == 0 and started[0].questions == 3 and err == ""


def test_mock_with_no_matching_question_exits_2_without_starting(run_cli, started):
    assert not load_bank([]).filter([Topic.SEQUENCE_MODELS], [Kind.EXPERIENCE])
    code, _, err = run_cli("mock", "--topic", "sequence-models", "--kind", "experience")
    assert code == 2 and started == [] and "No question matches" in err


@pytest.mark.parametrize("command", [["mock"], ["drill"], ["bank", "list"]])
def test_an_unknown_topic_lists_the_valid_ones(capsys, command):
    from interviewer.cli import main

    with pytest.raises(SystemExit) as exit_:
        main([*command, "--topic", "bogus"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert "'bogus' is not one of" in err and all(topic in err for topic in Topic)


@pytest.mark.parametrize("command", [["mock"], ["mock", "--minutes", "0"], ["drill"]])
def test_an_interview_without_a_terminal_is_refused_at_once_and_leaves_nothing_behind(run_cli, monkeypatch, command):
    from interviewer.storage.store import Store

    runs = []
    monkeypatch.setattr(InterviewerApp, "run", lambda app: runs.append(app))
    code, out, err = run_cli(*command)  # capsys: neither stdin nor stdout is a terminal
    assert code == 2 and runs == [] and out == ""
    assert f"`interviewer {command[0]}` needs a terminal" in err and err.count("\n") == 1
    assert Store().sessions() == []


def test_mock_from_a_script_exits_without_waiting(tmp_path):
    """The command as a script runs it: stdin from /dev/null, output to a pipe (it spun forever before)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "interviewer", "mock", "--minutes", "0"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "needs a terminal" in done.stderr and "Traceback" not in done.stderr


def test_mock_takes_the_difficulties_the_form_offers(run_cli, started):
    code, _, err = run_cli("mock", "--difficulty", "1", "--difficulty", "3", "--questions", "2")
    assert code == 0 and started[0].difficulties == (1, 3), err


def test_a_difficulty_outside_1_to_3_is_refused(capsys):
    from interviewer.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["mock", "--difficulty", "4"])
    assert exit_.value.code == 2 and "--difficulty" in capsys.readouterr().err
