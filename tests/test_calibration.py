"""Isotonic calibration: the fit (pool-adjacent-violators), the map, the shipped tables, and the adversarial set."""

from __future__ import annotations

import asyncio
import csv
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.bank import load_bank
from interviewer.evaluation.dataset import read_dataset
from interviewer.evaluation.runner import evaluate
from interviewer.grading.calibration import Calibration, apply, fit_isotonic, shipped
from interviewer.grading.offline import OfflineGrader

ROOT = Path(__file__).resolve().parents[1]


def test_pav_pools_violators_into_their_mean():
    # ys 1, 3, 2 violate order at x=2..3: pooled to 2.5; worked by hand.
    assert fit_isotonic([1, 2, 3, 4], [1, 3, 2, 5]) == ((1, 1), (2.5, 2.5), (4, 5))
    assert fit_isotonic([3, 1, 2], [0, 1, 1]) == ((2, 2 / 3),)  # all pooled, in x order
    assert fit_isotonic([1, 1, 2], [0, 1, 4]) == ((1, 0.5), (2, 4))  # equal xs are one observation


def test_fit_is_non_decreasing_on_any_data():
    xs = [i % 7 / 7 for i in range(50)]
    ys = [(i * 37) % 11 / 11 for i in range(50)]
    knots = fit_isotonic(xs, ys)
    assert all(a[1] <= b[1] and a[0] < b[0] for a, b in zip(knots, knots[1:]))
    with pytest.raises(ValueError):
        fit_isotonic([], [])


def test_apply_interpolates_between_knots_and_is_flat_beyond():
    knots = ((0.2, 0.4), (0.6, 0.8))
    assert apply(knots, 0.4) == pytest.approx(0.6)
    assert apply(knots, 0.0) == 0.4 and apply(knots, 1.0) == 0.8
    assert apply((), 0.3) == 0.3


def test_calibration_picks_the_table_by_rubric_status_and_round_trips():
    cal = Calibration({"reviewed": ((0.0, 0.0), (1.0, 0.5)), "draft": ((0.0, 0.5), (1.0, 1.0))})
    assert cal.score(10, "reviewed") == 5.0 and cal.score(0, "draft") == 5.0
    assert Calibration.from_json(cal.to_json()) == cal
    assert Calibration({}).score(7.3, "reviewed") == 7.3


def test_shipped_tables_are_monotone_maps_onto_0_1():
    tables = shipped().tables
    assert set(tables) == {"reviewed", "draft"}
    for knots in tables.values():
        assert all(0 <= y <= 1 for _, y in knots) and [y for _, y in knots] == sorted(y for _, y in knots)


def test_the_adversarial_csv_is_what_its_script_writes():
    sys.path.insert(0, str(ROOT / "evals"))
    try:
        import make_adversarial_set
    finally:
        sys.path.pop(0)
    with (ROOT / "evals" / "adversarial_answers.csv").open(encoding="utf-8", newline="") as handle:
        stored = list(csv.DictReader(handle))
    assert stored == [{k: str(v) for k, v in row.items()} for row in make_adversarial_set.rows()]
    assert all(row["why"] for row in stored) and len({r["question_id"] for r in stored}) >= 12


def test_adversarial_set_meets_the_issue_targets():
    """Issue #12's acceptance, per category of evals/adversarial_answers.csv (scores 0-10)."""
    result = asyncio.run(evaluate(read_dataset(ROOT / "evals" / "adversarial_answers.csv"), OfflineGrader(),
                                  bank=load_bank()))
    means = {c: m.predicted for c, m in result.by_category.items()}
    assert means["plain-excellent"] >= 7 and means["keyword-list"] <= 3 and means["negated"] <= 2
    assert means["confident-wrong"] <= 3 and means["off-topic"] <= 1 and means["to-grader"] <= 1
    assert abs(means["padded"] - means["partial"]) <= 1


def test_fit_script_reports_held_out_figures_without_writing(tmp_path):
    rows = ["question_id,question,reference_answer,answer,score,max_score"]
    for q in (1, 2):
        for i, answer in enumerate(["Momentum adds a velocity term from past gradients.", "Momentum is velocity.",
                                    "I am not sure about this one at all."]):
            rows.append(f'{q},What is momentum?,Momentum adds a velocity term that accumulates past gradients.,'
                        f'"{answer}",{2 - i},2')
    data = tmp_path / "tiny.csv"
    data.write_text("\n".join(rows) + "\n")
    before = (ROOT / "interviewer" / "grading" / "calibration.json").read_text()
    out = subprocess.run([sys.executable, str(ROOT / "evals" / "fit_calibration.py"), "--nn-exam", str(data), "--check"],
                         capture_output=True, text=True, check=True).stdout
    assert "HELD-OUT half: n=3" in out and "always-the-mean RMSE" in out
    assert "resampling its 1 questions" in out
    assert (ROOT / "interviewer" / "grading" / "calibration.json").read_text() == before


def test_tuning_report_reads_only_the_tuning_half(tmp_path):
    """`--tuning` chose the grader's settings: it must not see the held-out (even) questions at all."""
    def run(even_scores: tuple[int, ...]) -> str:
        rows = ["question_id,question,reference_answer,answer,score,max_score"]
        answers = ["Momentum adds a velocity term from past gradients.", "Momentum is velocity.",
                   "I am not sure about this one at all."]
        for q in (1, 2, 3):
            for answer, score in zip(answers, even_scores if q % 2 == 0 else (2, 1, 0)):
                rows.append(f'{q},What is momentum?,Momentum adds a velocity term that accumulates past gradients.,'
                            f'"{answer}",{score},2')
        data = tmp_path / "tiny.csv"
        data.write_text("\n".join(rows) + "\n")
        return subprocess.run([sys.executable, str(ROOT / "evals" / "fit_calibration.py"), "--nn-exam", str(data),
                               "--tuning"], capture_output=True, text=True, check=True).stdout

    out = run((2, 1, 0))
    assert "leave one question out: n=6" in out and "HELD-OUT" not in out
    assert run((0, 2, 1)) == out
