"""Claim model speed on this machine: load time, and latency of judging one answer's clauses in one batch.

    python benchmarks/claim_model.py [--answers 60] [--points 6] [--clauses 8]

Load time is measured in fresh processes (import + session + tokenizer, as a first grade pays it). Latency:
for each labelled answer (evals/interview_answers.csv), up to `clauses` clauses of the answer against up to
`points` key points of its rubric, judged in one `judge` call; prints p50/p95 over the answers.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOAD_PROBE = """
import time
t = time.perf_counter()
from interviewer.nlp.claim_model import default_model
default_model()
print(time.perf_counter() - t)
"""


def load_seconds(runs: int) -> list[float]:
    return [float(subprocess.run([sys.executable, "-c", LOAD_PROBE], capture_output=True, text=True, check=True,
                                 cwd=ROOT).stdout) for _ in range(runs)]


def clauses(answer: str, limit: int) -> list[str]:
    from interviewer.text import sentences

    parts = [c.strip() for s in sentences(answer) for c in re.split(r"[,;:]\s+", s) if len(c.split()) >= 3]
    return parts[:limit]


def answer_batches(limit: int, points: int, per_answer: int) -> list[list[tuple[str, str]]]:
    from interviewer.rubric.store import load_rubrics

    rubrics = load_rubrics().rubrics
    batches = []
    for row in csv.DictReader((ROOT / "evals" / "interview_answers.csv").open(newline="")):
        rubric = rubrics.get(row["question_id"])
        if rubric is None:
            continue
        statements = [kp.statement for kp in rubric.key_points[:points]]
        batches.append([(s, c) for s in statements for c in clauses(row["answer"], per_answer)])
        if len(batches) == limit:
            break
    return batches


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=60)
    parser.add_argument("--points", type=int, default=6)
    parser.add_argument("--clauses", type=int, default=8)
    parser.add_argument("--load-runs", type=int, default=5)
    args = parser.parse_args(argv)

    from interviewer.nlp.claim_model import default_model

    loads = load_seconds(args.load_runs)
    model = default_model()
    batches = answer_batches(args.answers, args.points, args.clauses)
    model.judge(batches[0])  # the first run allocates onnxruntime's buffers; a real first grade pays it once
    latencies = []
    for batch in batches:
        started = time.perf_counter()
        model.judge(batch)
        latencies.append(time.perf_counter() - started)
    pairs = [len(b) for b in batches]
    result = {
        "load_seconds": {"median": round(statistics.median(loads), 3), "max": round(max(loads), 3)},
        "answers": len(batches), "pairs_per_answer": {"median": statistics.median(pairs), "max": max(pairs)},
        "judge_ms": {"p50": round(1000 * percentile(latencies, 0.5), 1),
                     "p95": round(1000 * percentile(latencies, 0.95), 1)},
        "model_mb": round((model.directory / "model.onnx").stat().st_size / 1e6, 1),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
