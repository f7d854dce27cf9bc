"""Choose the scoring credits (interviewer.grading.scoring.RULES) on the per-point labelled sets.

The labels' implied score (our rules applied to a careful human's per-point verdicts) is compared with the
same human's holistic score. The credits are chosen by grid search on the TUNING questions only
(interviewer.evaluation.split) and reported on the held-out ones, beside the rules the code ships.

    python evals/fit_scoring.py                 # every per-point labelled set in evals/
    python evals/fit_scoring.py --check         # the shipped rules' figures only (no search)
"""

from __future__ import annotations

import argparse
import itertools
import statistics
from pathlib import Path

from interviewer.bank import load_bank
from interviewer.domain.feedback import Verdict
from interviewer.evaluation.dataset import LabelledAnswer, read_dataset
from interviewer.evaluation.labels import has_labels, point_labels
from interviewer.evaluation.split import held_out
from interviewer.grading.scoring import RULES, ScoringRules, compute_score
from interviewer.rubric.store import rubric_for

HERE = Path(__file__).parent
GRID = {
    Verdict.PARTIAL: (0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
    Verdict.NAMED: (0.0, 0.05, 0.1, 0.15, 0.2, 0.3),
    Verdict.INCORRECT: (0.0, -0.5, -1.0, -1.5, -2.0, -2.5),
}
UNLISTED = (0.0, -0.05, -0.1, -0.2)
# The rules before verdicts distinguished naming a point from stating it and a wrong claim from an omission.
BEFORE = ScoringRules({Verdict.COVERED: 1.0, Verdict.PARTIAL: 0.5, Verdict.NAMED: 0.5, Verdict.MISSING: 0.0,
                       Verdict.INCORRECT: 0.0}, -0.05)


def labelled_rows(paths: list[Path]) -> list[tuple[LabelledAnswer, object]]:
    bank = load_bank()
    rows = []
    for path in paths:
        for row in read_dataset(path).rows:
            if has_labels(row) and row.question_id in bank.questions:
                rubric = rubric_for(bank.questions[row.question_id])
                rows.append((row, rubric, point_labels(row, rubric)))
    return rows


def figures(rows, rules: ScoringRules) -> dict[str, float]:
    implied = [compute_score(rubric, labels.verdicts, labels.misconceptions, rules) for _, rubric, labels in rows]
    human = [row.score / row.max_score * 10 for row, _, _ in rows]
    rmse = statistics.fmean((a - b) ** 2 for a, b in zip(implied, human)) ** 0.5
    return {"n": len(rows), "pearson": statistics.correlation(implied, human), "rmse": rmse}


def search(rows) -> ScoringRules:
    best, best_rmse = RULES, float("inf")
    for partial, named, incorrect, unlisted in itertools.product(*GRID.values(), UNLISTED):
        rules = ScoringRules({**RULES.credit, Verdict.PARTIAL: partial, Verdict.NAMED: named,
                              Verdict.INCORRECT: incorrect}, unlisted)
        rmse = figures(rows, rules)["rmse"]
        if rmse < best_rmse - 1e-9:
            best, best_rmse = rules, rmse
    return best


def by_category(rows, rules: ScoringRules) -> str:
    groups: dict[str, list[tuple[float, float]]] = {}
    for row, rubric, labels in rows:
        implied = compute_score(rubric, labels.verdicts, labels.misconceptions, rules)
        groups.setdefault(row.category, []).append((implied, row.score / row.max_score * 10))
    return "\n".join(f"    {c:<18} n={len(v):<3} implied {statistics.fmean(a for a, _ in v):5.2f}  "
                     f"human {statistics.fmean(h for _, h in v):5.2f}" for c, v in groups.items())


def show(name: str, rules: ScoringRules, tuning, held) -> None:
    credit = ", ".join(f"{v.value} {rules.credit[v]:g}" for v in Verdict)
    t, h = figures(tuning, rules), figures(held, rules)
    print(f"{name}: {credit}; unlisted misconception {rules.unlisted_penalty:g}")
    print(f"  tuning   n={t['n']:<4} pearson {t['pearson']:.3f}  rmse {t['rmse']:.3f}")
    print(f"  held-out n={h['n']:<4} pearson {h['pearson']:.3f}  rmse {h['rmse']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only the shipped rules' figures")
    parser.add_argument("datasets", nargs="*", type=Path, help="default: evals/point_labels*.csv")
    args = parser.parse_args()
    rows = labelled_rows(args.datasets or sorted(HERE.glob("point_labels*.csv")))
    tuning = [r for r in rows if not held_out(r[0].question_id)]
    held = [r for r in rows if held_out(r[0].question_id)]
    show("before", BEFORE, tuning, held)
    show("shipped", RULES, tuning, held)
    if not args.check:
        show("best on tuning", search(tuning), tuning, held)
    print("  shipped, by category (all questions):\n" + by_category(tuning + held, RULES))


if __name__ == "__main__":
    main()
