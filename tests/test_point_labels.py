"""The per-point labelled set (evals/point_labels.csv) stays consistent with the bank and the rubrics.

Each row is a careful human's labels for one answer: a holistic score and, per rubric key point, a
verdict with the exact quote that carries it. If a rubric's point ids change, or a quote no longer
appears in its answer, the labels stop measuring anything, so every row is checked here.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from interviewer.bank import load_bank
from interviewer.rubric.store import load_rubrics

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "evals" / "point_labels.csv"
COLUMNS = ["question_id", "question", "reference_answer", "answer", "score", "max_score", "category", "why",
           "verdicts", "misconceptions"]
VERDICTS = {"covered", "partial", "named", "missing", "incorrect"}
# The mix the set was built to (issue 21): the least each category must hold.
CATEGORY_MINIMUMS = {
    "plain-excellent": 20, "partial": 20, "terse-expert": 12, "formula-code": 12, "term-run": 10,
    "term-run-nocomma": 8, "fluent-wrong": 12, "reversed-one": 14, "reversed-two": 8, "padded": 8,
    "experience-story": 14, "hedged-real": 6, "non-answer": 8,
}


def _collapsed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_labels(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS, f"columns {reader.fieldnames}"
        return list(reader)


def row_problems(row: dict[str, str], bank, rubrics) -> list[str]:
    """Everything wrong with one labelled row, as readable messages (empty when the row is sound)."""
    qid, answer = row["question_id"], _collapsed(row["answer"])
    where = f"{qid}: {answer[:50]!r}"
    if qid not in bank.questions:
        return [f"{where}: not a bank question"]
    if qid not in rubrics.rubrics:
        return [f"{where}: no rubric"]
    rubric = rubrics.rubrics[qid]
    problems = []
    if row["category"] not in CATEGORY_MINIMUMS:
        problems.append(f"{where}: unknown category {row['category']!r}")
    if not 0 <= float(row["score"]) <= float(row["max_score"]) == 10:
        problems.append(f"{where}: score {row['score']} outside 0..{row['max_score']} (max must be 10)")
    verdicts = json.loads(row["verdicts"])
    point_ids = [p.id for p in rubric.key_points]
    if sorted(verdicts) != sorted(point_ids):
        problems.append(f"{where}: verdicts name {sorted(verdicts)}, rubric has {sorted(point_ids)}")
    for point_id, label in verdicts.items():
        verdict, quote = label["verdict"], label["quote"]
        if verdict not in VERDICTS:
            problems.append(f"{where}: {point_id}: unknown verdict {verdict!r}")
        elif verdict == "missing" and quote:
            problems.append(f"{where}: {point_id}: missing with a quote")
        elif verdict != "missing" and (not quote.strip() or _collapsed(quote) not in answer):
            problems.append(f"{where}: {point_id}: quote not in the answer: {quote!r}")
    misconception_ids = {m.id for m in rubric.misconceptions}
    for claim in json.loads(row["misconceptions"]):
        if claim["id"] and claim["id"] not in misconception_ids:
            problems.append(f"{where}: misconception {claim['id']!r} not in the rubric")
        if not claim["quote"].strip() or _collapsed(claim["quote"]) not in answer:
            problems.append(f"{where}: misconception quote not in the answer: {claim['quote']!r}")
    return problems


@pytest.fixture(scope="module")
def labels():
    return read_labels(LABELS)


def test_every_row_matches_the_bank_and_its_rubric(labels):
    bank, rubrics = load_bank(), load_rubrics(ROOT / "rubrics")
    problems = [p for row in labels for p in row_problems(row, bank, rubrics)]
    assert not problems, "\n".join(problems)


def test_each_category_holds_its_minimum(labels):
    counts = Counter(row["category"] for row in labels)
    short = {c: counts[c] for c, least in CATEGORY_MINIMUMS.items() if counts[c] < least}
    assert not short, f"categories below their minimum: {short}"


def test_non_answers_score_zero_with_every_point_missing(labels):
    for row in (r for r in labels if r["category"] == "non-answer"):
        assert float(row["score"]) == 0, row["answer"]
        assert {v["verdict"] for v in json.loads(row["verdicts"]).values()} == {"missing"}, row["answer"]


def test_row_problems_catches_each_kind_of_bad_label(labels):
    bank, rubrics = load_bank(), load_rubrics(ROOT / "rubrics")
    good = next(r for r in labels if r["question_id"] == "dropout" and r["category"] == "reversed-one")
    assert row_problems(good, bank, rubrics) == []

    def broken(**changes):
        return row_problems({**good, **changes}, bank, rubrics)

    verdicts = json.loads(good["verdicts"])
    first = next(iter(verdicts))
    assert broken(question_id="no-such-question")
    assert broken(score="10.5")
    assert broken(category="brilliant")
    assert broken(verdicts=json.dumps({k: v for k, v in verdicts.items() if k != first}))
    assert broken(verdicts=json.dumps({**verdicts, "made-up-point": {"verdict": "missing", "quote": ""}}))
    assert broken(verdicts=json.dumps({**verdicts, first: {"verdict": "excellent", "quote": ""}}))
    assert broken(verdicts=json.dumps({**verdicts, first: {"verdict": "covered", "quote": "not in the answer"}}))
    assert broken(verdicts=json.dumps({**verdicts, first: {"verdict": "missing", "quote": "Dropout"}}))
    assert broken(misconceptions=json.dumps([{"id": "no-such-misconception", "quote": "Dropout"}]))
    assert broken(misconceptions=json.dumps([{"id": "", "quote": "said nowhere"}]))
    # Whitespace differences alone do not break a quote.
    spaced = {**verdicts, first: {**verdicts[first], "quote": "  " + verdicts[first]["quote"].replace(" ", "\n ")}}
    assert broken(verdicts=json.dumps(spaced)) == []
