"""The loader: the shipped bank is valid, and each kind of bad file gets its own located message."""

from __future__ import annotations

import textwrap

import pytest

from interviewer.bank import load_bank
from interviewer.domain.questions import Topic
from interviewer.errors import BankError

VALID = """\
topic: fundamentals
questions:
  - id: what-is-a-tensor
    text: What is a tensor?
    kind: conceptual
    difficulty: 1
    references:
      - answer: A multi-dimensional array with a shape and a dtype.
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_builtin_bank_loads_every_topic_with_references():
    bank = load_bank()
    from_articles = [q for q in bank.questions.values() if q.sources]
    assert 55 <= len(from_articles) <= 80, "the seed articles' questions, merged but not over-merged"
    assert {q.topic for q in bank.questions.values()} == set(Topic)
    assert all(q.references for q in bank.questions.values())
    assert bank.tips, "the articles' advice is kept as tips"


def test_extra_bank_file_is_added_after_builtin(tmp_path):
    bank = load_bank([write(tmp_path, "mine.yaml", VALID)])
    assert bank.get("what-is-a-tensor").topic == Topic.FUNDAMENTALS
    assert bank.origins["what-is-a-tensor"].endswith("mine.yaml:3")


def test_folder_of_bank_files_is_loaded(tmp_path):
    write(tmp_path, "a.yaml", VALID)
    write(tmp_path, "notes.txt", "not a bank file, ignored")
    assert "what-is-a-tensor" in load_bank([tmp_path], include_builtin=False).questions


BAD_FILES = {
    "malformed": ("questions: [\n  - id: x\n", [":2:", "not valid YAML"]),
    "missing-field": (VALID.replace("    kind: conceptual\n", ""),
                      [":3: question 1 (id 'what-is-a-tensor')", "field 'kind' is missing"]),
    "wrong-type": (VALID.replace("difficulty: 1", "difficulty: hard"), ["field 'difficulty'", "valid integer", "'hard'"]),
    "out-of-range": (VALID.replace("difficulty: 1", "difficulty: 7"), ["field 'difficulty'", "less than or equal to 3"]),
    "unknown-topic": (VALID.replace("topic: fundamentals", "topic: astrology"),
                      ["field 'topic'", "'astrology' is not allowed", "fundamentals"]),
    "unknown-field": (VALID.replace("    kind:", "    knid: x\n    kind:"), ["field 'knid' is not a known field"]),
    "bad-id": (VALID.replace("what-is-a-tensor", "What Is A Tensor"), ["field 'id'", "should match pattern"]),
    "no-references": (VALID.split("    references:")[0] + "    references: []\n", ["field 'references'", "at least 1"]),
    "empty": ("   \n", ["the file is empty"]),
    "not-a-mapping": ("- just\n- a list\n", ["expected a mapping with a `questions:` list", "found a list"]),
    "entry-not-mapping": ("questions:\n  - just text\n", [":2: question 1: expected a mapping of fields, found text"]),
    "bad-reference-cite": (VALID + "        source: 'nowhere #1'\n",
                           ["cites source 'nowhere #1'", "not in this question's sources"]),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_bank_file_names_file_entry_and_problem(tmp_path, case):
    text, expected = BAD_FILES[case]
    path = write(tmp_path, f"{case}.yaml", text)
    with pytest.raises(BankError) as caught:
        load_bank([path], include_builtin=False)
    message = caught.value.message
    assert str(path) in message
    for fragment in expected:
        assert fragment in message


def test_non_utf8_file_is_reported_with_offset(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(VALID.replace("tensor?", "tensor\xe9?").encode("latin-1"))
    with pytest.raises(BankError, match=r"latin1.yaml: not UTF-8 text \(byte 0xe9 at offset \d+\); save the file as UTF-8"):
        load_bank([path], include_builtin=False)


def test_duplicate_id_across_files_names_both_places(tmp_path):
    first = write(tmp_path, "a.yaml", VALID)
    second = write(tmp_path, "b.yaml", VALID)
    with pytest.raises(BankError) as caught:
        load_bank([first, second], include_builtin=False)
    assert f"{second}:3" in caught.value.message
    assert f"already defined at {first}:3" in caught.value.message


def test_duplicate_of_a_builtin_id_is_an_error(tmp_path):
    clash = write(tmp_path, "clash.yaml", VALID.replace("what-is-a-tensor", "dropout"))
    with pytest.raises(BankError, match="duplicate id 'dropout'"):
        load_bank([clash])


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    a = write(tmp_path, "a.yaml", VALID.replace("difficulty: 1", "difficulty: 9"))
    b = write(tmp_path, "b.yaml", "")
    with pytest.raises(BankError) as caught:
        load_bank([a, b], include_builtin=False)
    assert len(caught.value.problems) == 2
