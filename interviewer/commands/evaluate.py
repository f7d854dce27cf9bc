"""`interviewer eval`: measure a grader against human scores."""

from __future__ import annotations

import argparse
import sys

from interviewer.commands.common import add_bank_option, add_samples_option, bank_from, graders_for, path_argument, print_json
from interviewer import graders

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

METRICS = ("n", "pearson", "spearman", "rmse", "mae", "mean_signed_error", "qwk", "within_half")


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("eval", help="measure a grader's agreement with human scores on a labelled CSV")
    p.add_argument("--dataset", type=path_argument, required=True, metavar="CSV",
                   help="columns: question, reference_answer, answer, score, max_score[, question_id]")
    p.add_argument("--grader", choices=graders.CHOICES, help="default: the configured grader (auto)")
    p.add_argument("--model", help="model name for the LLM grader")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N valid rows")
    p.add_argument("--concurrency", type=int, default=4, metavar="K", help="grading calls at once (default 4)")
    p.add_argument("--perturb", action="store_true", help="also measure score shifts under padding, injection, paraphrase")
    p.add_argument("--by-question", action="store_true", help="add the per-question breakdown")
    p.add_argument("--by-category", action="store_true",
                   help="add the mean score per answer category (the CSV's optional `category` column)")
    p.add_argument("--questions", choices=["all", "held-out", "tuning"], default="all",
                   help="only the held-out questions (nothing was chosen on them) or only the tuning ones")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    add_samples_option(p)
    add_bank_option(p)
    p.set_defaults(handler=eval_command)


def eval_command(args: argparse.Namespace) -> int:
    import asyncio

    from interviewer.evaluation.dataset import read_dataset
    from interviewer.evaluation.runner import evaluate
    from interviewer.evaluation.metrics import retest_agreement
    from interviewer.grading.self_consistency import SampledGrader
    from interviewer.settings import load_settings

    if args.limit is not None and args.limit < 1:  # 0 graded everything, -5 one row
        from interviewer.errors import BadInputError

        raise BadInputError("--limit must be at least 1 (leave it out to grade every row)")
    settings = load_settings(grader=args.grader, model=args.model)
    dataset = only_questions(read_dataset(args.dataset, args.limit), args.questions, args.dataset)
    for message in dataset.skipped:
        print(message, file=sys.stderr)
    grader, fallback = graders_for(args, settings)
    result = asyncio.run(evaluate(dataset, grader, fallback, bank=bank_from(args, settings),
                                  concurrency=max(1, args.concurrency), perturbations=args.perturb,
                                  progress=_progress_bar() if sys.stderr.isatty() else None))
    if sys.stderr.isatty():
        print(file=sys.stderr)
    report: dict[str, Any] = dict(result.overall.as_dict())
    if args.perturb:
        report["shifts"] = {k: round(v, 4) for k, v in result.shifts.items()}
    if args.by_question:
        report["by_question"] = {q: a.as_dict() for q, a in result.by_question.items()}
    if args.by_category:
        report["by_category"] = {c: {"n": m.n, "mean_predicted": round(m.predicted, 3), "mean_human": round(m.human, 3)}
                                 for c, m in result.by_category.items()}
    if result.implied:
        report["implied"] = result.implied.agreement.as_dict()
        report["grader_vs_implied_mean_abs_diff"] = round(result.implied.grader_mean_abs_diff, 4)
    # Under auto a failed LLM grade falls back to the offline grader: figures are only the LLM's without any.
    all_fell_back = result.fallbacks and result.fallbacks == result.graded
    report["grader"], report["fallbacks"] = "offline" if all_fell_back else grader.kind, result.fallbacks
    if isinstance(grader, SampledGrader):
        report["retest"] = retest_agreement(grader.rounds)
    if result.fallbacks:
        print(f"interviewer: {result.fallbacks} of {result.graded} grades failed with the {grader.kind} grader and "
              f"were graded offline instead (first failure: {result.fallback_reason})", file=sys.stderr)
    if args.json:
        print_json(report)
        return 1 if result.fallbacks else 0
    mixed = (f" (every {grader.kind} grade failed)" if all_fell_back else
             f", {result.fallbacks} of {result.graded} by the offline fallback" if result.fallbacks else "")
    print(f"{args.dataset.name}: {result.overall.n} answers graded by the {report['grader']} grader{mixed} "
          f"({len(dataset.skipped)} malformed rows skipped)")
    print(_table([("all", result.overall.as_dict())]))
    if result.implied:
        print("\nthe labels' implied score (our scoring rules on the human's per-point verdicts):\n"
              + _table([("implied", result.implied.agreement.as_dict())]))
        print(f"grader vs implied: mean |difference| {result.implied.grader_mean_abs_diff:.3f}")
    if args.perturb:
        print("\nmean score shift (dataset scale): " + ", ".join(f"{k} {v:+.3f}" for k, v in result.shifts.items()))
    if "retest" in report:
        r = report["retest"]
        print(f"\ntest-retest over {r['answers']} answers x {args.samples} samples: first two samples' scores "
              f"Pearson {_num(r['retest_pearson'])}, mean |difference| {_num(r['retest_mean_abs_diff'])} of 10; "
              f"point verdicts agreeing with their majority {_num(r['point_agreement'])}")
    if args.by_question:
        print("\n" + _table([(q, a.as_dict()) for q, a in result.by_question.items()]))
    if args.by_category:
        print("\n" + _category_table(result.by_category, args.dataset))
    return 1 if result.fallbacks else 0


def only_questions(dataset, which: str, path):
    """The dataset's rows on the held-out or the tuning questions (interviewer.evaluation.split)."""
    from interviewer.errors import BadInputError
    from interviewer.evaluation.split import held_out

    if which == "all":
        return dataset
    rows = [r for r in dataset.rows if held_out(r.question_id) == (which == "held-out")]
    if not rows:
        raise BadInputError(f"{path}: no rows on the {which} questions")
    return type(dataset)(rows, dataset.skipped)


def _table(rows: list[tuple[str, dict]]) -> str:
    width = max(len(name) for name, _ in rows)
    lines = [f"{'':<{width}} " + " ".join(f"{m:>9}" for m in METRICS)]
    for name, values in rows:
        cells = [f"{'-' if values[m] is None else (values[m] if m == 'n' else f'{values[m]:.3f}'):>9}" for m in METRICS]
        lines.append(f"{name:<{width}} " + " ".join(cells))
    return "\n".join(lines)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _category_table(by_category: dict, dataset: Path) -> str:
    if not by_category:
        return f"{dataset.name} has no `category` column: no per-category figures."
    width = max(8, *(len(c) for c in by_category))
    lines = [f"{'category':<{width}} {'n':>5} {'grader':>8} {'human':>8}"]
    lines += [f"{c:<{width}} {m.n:>5} {m.predicted:>8.2f} {m.human:>8.2f}" for c, m in by_category.items()]
    return "\n".join(lines)


def _progress_bar():
    def show(done: int, total: int) -> None:
        filled = int(30 * done / total)
        print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end="", file=sys.stderr, flush=True)

    return show
