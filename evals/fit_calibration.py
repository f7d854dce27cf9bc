"""Fits the offline grader's calibration (interviewer/grading/calibration.json) and reports it held out.

    python evals/fit_calibration.py [--nn-exam evals/nn_exam.csv] [--check | --tuning]

Two isotonic tables map the raw rubric score (0-10, from the verdicts) to the human scale:
- "draft": rubrics built from one reference answer, fitted on nn_exam's odd-numbered questions (question_id
  1, 3, 5, ...); its even-numbered questions are held out and reported here. For drafts the raw measure also
  counts on-topic detail (interviewer.grading.detail); its weight was chosen with `--tuning`.
- "reviewed": the bank's reviewed rubrics, fitted on evals/interview_answers.csv (all of it: the figure
  reported for that set is therefore in-sample; evals/adversarial_answers.csv is never fitted on).
Answers the validity gate rejects, and off-topic answers (raw 0 sharing at most one term with the question and
rubric), score 0 by rule and are left out of the fit (they are in the figures).
`--check` fits and reports without writing the table. `--tuning` reports only the odd (tuning) half, each
question predicted by a table fitted on the other tuning questions (leave one question out): the figure
that chose the grader's settings, without looking at the held-out half.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import sys
from pathlib import Path

from interviewer.bank import load_bank
from interviewer.evaluation.dataset import Dataset, LabelledAnswer, read_dataset
from interviewer.evaluation.metrics import pearson
from interviewer.evaluation.runner import rubrics_for_dataset
from interviewer.grading.base import GradeRequest
from interviewer.grading.calibration import IDENTITY, Calibration, fit_isotonic
from interviewer.grading.offline import OfflineGrader, off_topic
from interviewer.grading.service import grade

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "interviewer" / "grading" / "calibration.json"


def raw_scores(rows: list[LabelledAnswer], bank) -> list[tuple[float, bool, str]]:
    """Per row: the uncalibrated 0-10 score, whether a rule decided it (the gate, off-topic), the rubric's status."""
    rubrics = rubrics_for_dataset(Dataset(rows, []), bank)
    grader = OfflineGrader(IDENTITY)

    async def one(row: LabelledAnswer) -> tuple[float, bool, str]:
        question, rubric = rubrics[row.question_id]
        feedback = await grade(GradeRequest(question, rubric, row.answer), grader)
        ruled = feedback.provenance.grader == "gate" or feedback.score == 0 and off_topic(row.answer, question.text, rubric)
        return feedback.score, ruled, rubric.status

    async def every() -> list[tuple[float, bool, str]]:
        return [await one(r) for r in rows]

    return asyncio.run(every())


def split_by_question(rows: list[LabelledAnswer]) -> tuple[list[LabelledAnswer], list[LabelledAnswer]]:
    """Odd-numbered question ids to fit, even-numbered held out: the split the README has always used."""
    odd = [r for r in rows if int(r.question_id.split("-")[-1]) % 2 == 1]
    return odd, [r for r in rows if int(r.question_id.split("-")[-1]) % 2 == 0]


def fit_table(rows: list[LabelledAnswer], raws: list[tuple[float, bool, str]]):
    pairs = [(raw / 10, row.score / row.max_score) for row, (raw, gated, _) in zip(rows, raws) if not gated]
    return fit_isotonic([x for x, _ in pairs], [y for _, y in pairs])


def rmse(predicted: list[float], human: list[float]) -> float:
    return math.sqrt(sum((a - b) ** 2 for a, b in zip(predicted, human)) / len(human))


def report(name: str, rows: list[LabelledAnswer], raws: list[tuple[float, bool, str]],
           calibration: Calibration) -> list[float]:
    """Prints the half's figures; returns its calibrated predictions."""
    human = [r.score for r in rows]
    predicted = [0.0 if gated else calibration.score(raw, status) / 10 * r.max_score
                 for r, (raw, gated, status) in zip(rows, raws)]
    uncalibrated = [raw / 10 * r.max_score for r, (raw, _, _) in zip(rows, raws)]
    mean = sum(human) / len(human)
    r = pearson(predicted, human)
    r_raw = pearson(uncalibrated, human)
    print(f"{name}: n={len(rows)} Pearson {r:.3f} (uncalibrated {r_raw:.3f}), RMSE {rmse(predicted, human):.3f} "
          f"(uncalibrated {rmse(uncalibrated, human):.3f}), always-the-mean RMSE {rmse([mean] * len(human), human):.3f}, "
          f"mean signed {sum(p - h for p, h in zip(predicted, human)) / len(human):+.3f}")
    return predicted


def bootstrap_by_question(rows: list[LabelledAnswer], predicted: list[float], draws: int = 2000) -> None:
    """95% intervals of Pearson and of RMSE minus always-the-mean RMSE, resampling whole questions (seeded)."""
    by_question: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_question.setdefault(row.question_id, []).append(i)
    groups, rng = list(by_question.values()), random.Random(0)
    rs, gaps = [], []
    for _ in range(draws):
        picked = [i for group in rng.choices(groups, k=len(groups)) for i in group]
        p, h = [predicted[i] for i in picked], [rows[i].score for i in picked]
        if len(set(p)) > 1 and len(set(h)) > 1:
            rs.append(pearson(p, h))
            gaps.append(rmse(p, h) - rmse([sum(h) / len(h)] * len(h), h))
    if not rs:
        return
    rs.sort()
    gaps.sort()
    low, high = int(0.025 * len(rs)), int(0.975 * len(rs)) - 1
    print(f"  resampling its {len(groups)} questions ({len(rs)} draws): Pearson {rs[low]:.2f} to {rs[high]:.2f}, "
          f"RMSE minus always-the-mean {gaps[low]:+.3f} to {gaps[high]:+.3f} (95%)")


def leave_one_question_out(rows: list[LabelledAnswer], raws: list[tuple[float, bool, str]]) -> None:
    """The tuning half's figures, each question calibrated by a table fitted on the others."""
    held_out = {}
    for qid in dict.fromkeys(r.question_id for r in rows):
        others = [(r, raw) for r, raw in zip(rows, raws) if r.question_id != qid]
        held_out[qid] = Calibration({"draft": fit_table([r for r, _ in others], [raw for _, raw in others])})
    predicted = [0.0 if gated else held_out[r.question_id].score(raw, status) / 10 * r.max_score
                 for r, (raw, gated, status) in zip(rows, raws)]
    human = [r.score for r in rows]
    # The baseline predicts each question by the mean of the other questions' answers: nothing peeks either.
    baseline = [sum(h.score for h in rows if h.question_id != r.question_id) / sum(h.question_id != r.question_id for h in rows)
                for r in rows]
    print(f"nn_exam tuning half, leave one question out: n={len(rows)} Pearson {pearson(predicted, human):.3f}, "
          f"RMSE {rmse(predicted, human):.3f}, mean-of-the-other-questions RMSE {rmse(baseline, human):.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nn-exam", type=Path, default=ROOT / "evals" / "nn_exam.csv")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="report without writing the table")
    mode.add_argument("--tuning", action="store_true", help="the tuning half only, leave one question out")
    args = parser.parse_args()
    bank = load_bank()
    nn_fit, nn_held = split_by_question(read_dataset(args.nn_exam).rows)
    if args.tuning:
        leave_one_question_out(nn_fit, raw_scores(nn_fit, bank))
        return 0
    ours = read_dataset(ROOT / "evals" / "interview_answers.csv").rows
    raws = {name: raw_scores(rows, bank) for name, rows in (("fit", nn_fit), ("held", nn_held), ("ours", ours))}
    calibration = Calibration({"draft": fit_table(nn_fit, raws["fit"]), "reviewed": fit_table(ours, raws["ours"])})
    print(f"nn_exam split by question: fitted on {len({r.question_id for r in nn_fit})} questions "
          f"({len(nn_fit)} answers), held out {len({r.question_id for r in nn_held})} ({len(nn_held)} answers)")
    report("nn_exam fitted half", nn_fit, raws["fit"], calibration)
    bootstrap_by_question(nn_held, report("nn_exam HELD-OUT half", nn_held, raws["held"], calibration))
    report("interview set (fitted on)", ours, raws["ours"], calibration)
    if not args.check:
        TABLE.write_text(calibration.to_json() + "\n", encoding="utf-8")
        print(f"wrote {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
