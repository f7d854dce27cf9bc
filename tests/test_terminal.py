"""Escape sequences in answers, bank files or model replies never reach the terminal raw."""

from __future__ import annotations

import json

import httpx
import pytest

from interviewer.terminal import printable
from test_openai_grader import ANSWER, reply
from tests_support import chat_completion

CLEAR = "\x1b[2J\x1b[H"
TITLE = "\x1b]0;you have been pwned\x07"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x1b\\"  # OSC 52: write "rm -rf ~" to the clipboard
ESCAPES = CLEAR + TITLE + CLIPBOARD


@pytest.mark.parametrize(("text", "expected"), [
    (f"a{CLEAR}b", "ab"),
    (f"a{TITLE}b", "ab"),
    (f"a{CLIPBOARD}b", "ab"),
    ("a\x1b]52;c;unterminated", "a"),
    ("a\x9b2Jb\x9d0;title\x9cc", "abc"),  # the 8-bit C1 forms of CSI and OSC
    ("bell\x07 backspace\x08 cr\rend", "bell backspace crend"),
    ("lines\nand\ttabs\r\nstay: café ✓ “quoted”", "lines\nand\ttabs\nstay: café ✓ “quoted”"),
])
def test_printable_removes_sequences_and_controls_but_keeps_text(text, expected):
    assert printable(text) == expected


def assert_clean(text: str) -> None:
    assert not any(c in text for c in "\x1b\x07\x9b\x9d"), repr(text)


def test_escapes_in_an_answer_are_not_printed_by_grade(run_cli, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    answer = f"Dropout randomly zeroes units during training.{ESCAPES} It regularizes the network against overfitting."
    code, out, _ = run_cli("grade", "--question", "dropout", "--answer", answer)
    assert code == 0 and "Dropout randomly zeroes units during training." in out
    assert_clean(out)


def test_escapes_in_an_llm_reply_are_not_printed_by_grade(run_cli, openai_mock, monkeypatch):
    body = json.loads(reply()["choices"][0]["message"]["content"])
    body["stronger_answer"] = f"Name weight decay.{ESCAPES} Then augmentation."
    body["strengths"] = [f"{TITLE}Named dropout."]
    openai_mock.post("/chat/completions").mock(return_value=httpx.Response(200, json=chat_completion(json.dumps(body))))
    code, out, _ = run_cli("grade", "--question", "overfitting-prevention", "--answer", ANSWER, "--grader", "openai")
    assert code == 0 and "Name weight decay. Then augmentation." in out and "  - Named dropout." in out
    assert_clean(out)
    code, out, _ = run_cli("grade", "--question", "overfitting-prevention", "--answer", ANSWER, "--grader", "openai",
                           "--json")
    assert code == 0 and "\\u001b]52;c;" in out  # JSON keeps the text, escaped, for programs to read
    assert_clean(out)


def test_escapes_in_a_bank_file_are_not_printed_by_bank_show(run_cli, tmp_path):
    bank = tmp_path / "mine.yaml"
    bank.write_text('topic: fundamentals\nquestions:\n  - id: sneaky\n    text: "What is a tensor?\\e[2J\\e]0;pwned\\a"\n'
                    "    kind: conceptual\n    difficulty: 1\n    references:\n"
                    '      - answer: "An array with a shape.\\e]52;c;cm0gLXJmIH4=\\a"\n')
    code, out, _ = run_cli("bank", "show", "sneaky", "--bank", str(bank))
    assert code == 0 and "What is a tensor?" in out and "An array with a shape." in out
    assert_clean(out)


def test_the_app_shows_an_answer_and_its_feedback_without_terminal_escapes():
    from interviewer.bank import load_bank
    from interviewer.domain.session import QuestionRecord
    from interviewer.grading.base import GradeRequest
    from interviewer.grading.offline import OfflineGrader
    from interviewer.presentation.view import present
    from interviewer.rubric.store import rubric_for
    from interviewer.terminal import printable_fields

    question = load_bank().get("dropout")
    answer = "Dropout\x1b]52;c;cm0gLXJm\x07 zeroes units\x1b[2J during training."
    feedback = OfflineGrader().grade_now(GradeRequest(question, rubric_for(question), answer))
    item = QuestionRecord(question_id="dropout", answer=answer, feedback=feedback)
    view = printable_fields(present(question, rubric_for(question), feedback, item))
    shown = repr(view)
    assert "\x1b" not in shown and "\x07" not in shown and any(p.quote for p in view.points)
