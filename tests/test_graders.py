"""The grader registry: every list of grader choices, the settings' validation, the settings screen's options,
grade labels and provenance come from `interviewer.graders`, and every backend there builds."""

from __future__ import annotations

import argparse

import pytest

from interviewer import graders
from interviewer.cli import build_parser
from interviewer.domain.feedback import Provenance
from interviewer.errors import ConfigError
from interviewer.grading.factory import _build, make_graders
from interviewer.presentation.view import grader_label
from interviewer.settings import load_settings


def grader_options(parser: argparse.ArgumentParser) -> dict[str, tuple[str, ...]]:
    """`--grader`'s choices, per command that has the option."""
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    found = {}
    for name, command in commands.choices.items():
        for action in command._actions:
            if "--grader" in action.option_strings:
                found[name] = tuple(action.choices or ())
    return found


def test_every_grader_option_offers_the_registry_choices():
    options = grader_options(build_parser())
    assert options.keys() == {"mock", "drill", "grade", "regrade", "eval"}
    assert set(options.values()) == {graders.CHOICES}


def test_settings_accept_every_choice_and_name_them_when_refusing_one(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert [load_settings(grader=choice).grader for choice in graders.CHOICES] == list(graders.CHOICES)
    with pytest.raises(ConfigError, match="'gemini' is no grader; choose one of: auto, openai, offline"):
        load_settings(grader="gemini")


@pytest.mark.parametrize("name", sorted(graders.BACKENDS))
def test_every_backend_builds_a_grader_of_its_name(name, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    grader = _build(graders.BACKENDS[name], load_settings(grader=name))
    assert grader.kind == name
    grader_now, _ = make_graders(load_settings(grader=name))
    assert grader_now.kind == name


def test_provenance_accepts_the_registry_names_and_labels_come_from_it():
    for name in graders.PROVENANCE_NAMES:
        Provenance(grader=name, rubric_id="q", rubric_hash="h")
    with pytest.raises(ValueError, match="'gemini' is no grader"):
        Provenance(grader="gemini", rubric_id="q", rubric_hash="h")
    offline = Provenance(grader=graders.OFFLINE, rubric_id="q", rubric_hash="h")
    assert grader_label(offline) == graders.BACKENDS[graders.OFFLINE].label
