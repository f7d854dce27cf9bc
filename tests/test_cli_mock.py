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
