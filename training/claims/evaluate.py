"""Measure a claim model on labelled pairs (the held-out questions) and write the readable report.

    python training/claims/evaluate.py [--rubrics DIR] [--point-labels CSV]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from interviewer.nlp.claim_model import LABELS, ClaimModel  # noqa: E402

TERM_RUN_SOURCES = ("term-run", "mixed-term-run", "adversarial_answers:keyword-list")
BATCH = 64


def predict(model: ClaimModel, pairs: list[dict]) -> list[str]:
    labels: list[str] = []
    for start in range(0, len(pairs), BATCH):
        chunk = pairs[start:start + BATCH]
        labels += [s.label for s in model.judge([(p["point"], p["text"]) for p in chunk])]
    return labels


def share(pairs: list[dict], predicted: list[str], keep, label: str) -> dict:
    chosen = [pred for p, pred in zip(pairs, predicted) if keep(p)]
    return {"n": len(chosen), "share": round(sum(pred == label for pred in chosen) / max(1, len(chosen)), 3)}


def evaluate(model: ClaimModel, pairs: list[dict]) -> dict:
    started = time.monotonic()
    predicted = predict(model, pairs)
    per_class = {}
    for label in LABELS:
        tp = sum(1 for p, pred in zip(pairs, predicted) if p["label"] == label and pred == label)
        n_pred = sum(1 for pred in predicted if pred == label)
        n_true = sum(1 for p in pairs if p["label"] == label)
        precision, recall = tp / max(1, n_pred), tp / max(1, n_true)
        per_class[label] = {"precision": round(precision, 3), "recall": round(recall, 3),
                            "f1": round(2 * precision * recall / max(1e-9, precision + recall), 3), "n": n_true}
    confusion = {t: {p: sum(1 for x, y in zip(pairs, predicted) if x["label"] == t and y == p) for p in LABELS}
                 for t in LABELS}
    reversal_plain = share(pairs, predicted, lambda p: p["label"] == "contradicts" and not p["negated"], "contradicts")
    reversal_negated = share(pairs, predicted, lambda p: p["label"] == "contradicts" and p["negated"], "contradicts")
    term_runs = share(pairs, predicted, lambda p: p["source"] in TERM_RUN_SOURCES, "states")
    by_source = {}
    for source in sorted({p["source"] for p in pairs}):
        rows = [(p, pred) for p, pred in zip(pairs, predicted) if p["source"] == source]
        by_source[source] = {"n": len(rows), "accuracy": round(sum(p["label"] == pred for p, pred in rows) / len(rows), 3)}
    errors = [{"point": p["point"], "text": p["text"], "label": p["label"], "predicted": pred}
              for p, pred in zip(pairs, predicted) if p["label"] != pred and p["source"] != "other-question"]
    return {
        "summary": {
            "held_out_pairs": len(pairs),
            "accuracy": round(sum(p["label"] == pred for p, pred in zip(pairs, predicted)) / max(1, len(pairs)), 3),
            "contradiction_recall_without_negation_words": reversal_plain,
            "contradiction_recall_with_negation_words": reversal_negated,
            "term_runs_judged_states": term_runs,
        },
        "per_class": per_class,
        "confusion": confusion,
        "by_source": by_source,
        "errors_sample": errors[:: max(1, len(errors) // 40)][:40],
        "evaluate_seconds": round(time.monotonic() - started, 1),
    }


def write_report(metrics: dict, path: Path) -> None:
    s = metrics["summary"]
    lines = [
        "# Claim model: figures on held-out questions",
        "",
        "Written by training/claims/train.py (see docs/claim-model.md). The model never saw these questions.",
        "",
        f"- held-out pairs: {s['held_out_pairs']}, accuracy {s['accuracy']}",
        f"- contradiction recall, reversals WITHOUT negation words: {s['contradiction_recall_without_negation_words']['share']}"
        f" (n={s['contradiction_recall_without_negation_words']['n']}; target >= 0.8)",
        f"- contradiction recall, with negation words: {s['contradiction_recall_with_negation_words']['share']}"
        f" (n={s['contradiction_recall_with_negation_words']['n']})",
        f"- term runs judged `states`: {s['term_runs_judged_states']['share']}"
        f" (n={s['term_runs_judged_states']['n']}; target <= 0.05)",
    ]
    if "training" in metrics:
        t, d = metrics["training"], metrics["data"]
        lines += [f"- training: {d['train_pairs']} pairs {d['train_by_label']}, {t['epochs']} epochs, "
                  f"max length {t['max_length']}, {t['train_seconds']} s; "
                  f"model file {t['model_bytes'] / 1e6:.1f} MB (8-bit weights)"]
    lines += ["", "| class | precision | recall | F1 | n |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {k} | {v['precision']} | {v['recall']} | {v['f1']} | {v['n']} |" for k, v in metrics["per_class"].items()]
    lines += ["", "Confusion (rows: label, columns: predicted):", "", "| | " + " | ".join(LABELS) + " |",
              "| --- |" + " --- |" * len(LABELS)]
    lines += [f"| {t} | " + " | ".join(str(row[p]) for p in LABELS) + " |" for t, row in metrics["confusion"].items()]
    lines += ["", "Accuracy by source:", ""]
    lines += [f"- {k}: {v['accuracy']} (n={v['n']})" for k, v in metrics["by_source"].items()]
    lines += ["", "Some errors (label -> predicted):", ""]
    lines += [f"- {e['label']} -> {e['predicted']}: point \"{e['point']}\" / text \"{e['text']}\""
              for e in metrics["errors_sample"]]
    path.write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Re-measure the shipped model on a fresh build of the held-out pairs (after new rubrics or labels), and
    rewrite metrics.json and report.md, keeping the training section train.py wrote."""
    import argparse

    import build_pairs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rubrics", type=Path, default=ROOT / "rubrics")
    parser.add_argument("--point-labels", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    label_files = args.point_labels or [p for p in [ROOT / "evals" / "point_labels.csv"] if p.exists()]
    pairs = [p for p in build_pairs.build(label_files, args.rubrics) if p["held_out"]]
    metrics = evaluate(ClaimModel(), pairs)
    previous = HERE / "metrics.json"
    if previous.exists():
        old = json.loads(previous.read_text())
        metrics.update({k: old[k] for k in ("data", "training") if k in old})
        metrics.setdefault("data", {})["held_out_pairs"] = len(pairs)
    previous.write_text(json.dumps(metrics, indent=2) + "\n")
    write_report(metrics, HERE / "report.md")
    print(json.dumps({"summary": metrics["summary"], "per_class": metrics["per_class"]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    raise SystemExit(main())
