"""The per-point labelled sets written with new bank questions (evals/point_labels_<area>.csv) stay consistent
with the bank and the rubrics: every row names a bank question, labels each rubric point exactly once, and
quotes the answer verbatim, so the labels keep measuring what they claim to."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from interviewer.bank import load_bank
from interviewer.rubric.store import load_rubrics

ROOT = Path(__file__).resolve().parents[1]
SETS = sorted((ROOT / "evals").glob("point_labels_*.csv"))
COLUMNS = ["question_id", "question", "reference_answer", "answer", "score", "max_score", "category", "why",
           "verdicts", "misconceptions"]
VERDICTS = {"covered", "partial", "named", "missing", "incorrect"}
CATEGORIES = {"plain-excellent", "partial", "terse-expert", "formula-code", "term-run", "term-run-nocomma",
              "fluent-wrong", "reversed-one", "reversed-two", "padded", "experience-story", "hedged-real", "non-answer"}
BANK, RUBRICS = load_bank(), load_rubrics(ROOT / "rubrics")


def collapsed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def problems_in(row: dict[str, str]) -> list[str]:
    qid, answer = row["question_id"], collapsed(row["answer"])
    if qid not in BANK.questions or qid not in RUBRICS.rubrics:
        return [f"{qid}: not a bank question with a rubric"]
    rubric, found = RUBRICS.rubrics[qid], []
    if row["category"] not in CATEGORIES or not 0 <= float(row["score"]) <= float(row["max_score"]) == 10:
        found.append(f"{qid}: category {row['category']!r} or score {row['score']} out of range")
    verdicts = json.loads(row["verdicts"])
    if sorted(verdicts) != sorted(p.id for p in rubric.key_points):
        found.append(f"{qid}: verdicts name {sorted(verdicts)}, not the rubric's points")
    for point_id, label in verdicts.items():
        quoted = collapsed(label["quote"])
        if label["verdict"] not in VERDICTS or (label["verdict"] == "missing") == bool(quoted):
            found.append(f"{qid}: {point_id}: verdict {label['verdict']!r} with quote {label['quote']!r}")
        elif quoted not in answer:
            found.append(f"{qid}: {point_id}: quote not in the answer: {label['quote']!r}")
    known = {m.id for m in rubric.misconceptions}
    for claim in json.loads(row["misconceptions"]):
        if (claim["id"] and claim["id"] not in known) or not collapsed(claim["quote"]) or collapsed(claim["quote"]) not in answer:
            found.append(f"{qid}: misconception {claim} is not in the rubric or not quoted from the answer")
    return found


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_every_row_labels_each_rubric_point_with_a_verbatim_quote(path):
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == COLUMNS
    assert rows
    problems = [p for row in rows for p in problems_in(row)]
    assert not problems, "\n".join(problems)


def test_a_bad_label_is_caught():
    with SETS[0].open(newline="", encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert problems_in(row) == []
    verdicts = json.loads(row["verdicts"])
    first = next(iter(verdicts))
    for broken in ({**verdicts, first: {"verdict": "covered", "quote": "never said"}},
                   {**verdicts, first: {"verdict": "missing", "quote": row["answer"][:10]}},
                   {k: v for k, v in verdicts.items() if k != first}):
        assert problems_in({**row, "verdicts": json.dumps(broken)})
    assert problems_in({**row, "misconceptions": json.dumps([{"id": "no-such-id", "quote": row["answer"][:10]}])})
