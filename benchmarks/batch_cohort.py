"""Bulk grading at cohort scale: `python benchmarks/batch_cohort.py [--answers 10000] [--kill]`.

Generates a cohort CSV (10 answers per candidate, bank questions, answers built from reference sentences),
starts the stand-in server (Files and Batches endpoints) in its own process, and runs `interviewer batch
prepare`, `submit`, `collect` and `report` as separate processes, reporting each one's wall time and peak
memory (max RSS). With --kill, a second run kills `collect` once a third of the grades are stored, runs it
again, and checks that every answer has exactly one grade and no request was graded twice.
Seeded: the same --answers and --seed write the same cohort.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PER_CANDIDATE = 10


def write_cohort(path: Path, answers: int, seed: int) -> None:
    from interviewer.bank import load_bank

    rng = random.Random(seed)
    questions = [q for q in load_bank().questions.values()]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["candidate", "question_id", "answer", "group"])
        for n in range(answers):
            question = questions[rng.randrange(len(questions))]
            sentences = re.split(r"(?<=[.!?])\s+", question.references[0].answer)
            chosen = rng.sample(sentences, k=max(1, min(len(sentences), rng.randint(1, 4))))
            answer = " ".join(chosen) + f" In my project {n} this mattered."  # unique: one request per answer
            out.writerow([f"candidate-{n // PER_CANDIDATE:05d}", question.id, answer, f"group-{n % 3}"])


def run(step: list[str], env: dict[str, str], kill_when=None) -> dict:
    """One CLI step as a child process: wall seconds, peak RSS (MB) and exit status."""
    start = time.perf_counter()
    out_file, err_file = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # pipes could fill and block the child
    child = subprocess.Popen([sys.executable, "-m", "interviewer", "batch", *step], env=env,
                             stdout=out_file, stderr=err_file)
    killed = False
    if kill_when is not None:
        while child.poll() is None and not kill_when():
            time.sleep(0.05)
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed = True
    _, status, usage = os.wait4(child.pid, 0)
    out_file.seek(0)
    err_file.seek(0)
    out, err = out_file.read().decode(), err_file.read().decode()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0 and not killed:
        raise SystemExit(f"`interviewer batch {' '.join(step)}` failed ({child.returncode}): {err.strip()[-500:]}")
    return {"step": " ".join(step), "seconds": round(time.perf_counter() - start, 2),
            "peak_mb": round(usage.ru_maxrss / 1024, 1), "killed": killed, "out": out.strip().splitlines()[-1:]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graded(home: Path) -> int:
    path = home / "batch" / "batch.db"
    if not path.exists():
        return 0
    with sqlite3.connect(path, timeout=15) as db:
        try:
            return db.execute("SELECT COUNT(*) FROM requests WHERE status = 'graded'").fetchone()[0]
        except sqlite3.Error:
            return 0


def cohort_run(work: Path, answers: int, base_url: str, kill: bool) -> dict:
    home = work / ("killed" if kill else "run")
    home.mkdir()
    env = {**os.environ, "INTERVIEWER_HOME": str(home), "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": "sk-bench"}
    steps = [run(["prepare", str(work / "cohort.csv")], env), run(["submit"], env)]
    if kill:
        steps.append(run(["collect"], env, kill_when=lambda: graded(home) >= answers // 3))
        steps[-1]["graded_before_kill"] = graded(home)
    steps.append(run(["collect"], env))
    steps.append(run(["report", "--out", str(home / "reports")], env))
    with sqlite3.connect(home / "batch" / "batch.db") as db:
        check = db.execute("SELECT COUNT(*), COUNT(DISTINCT a.custom_id), SUM(r.status = 'graded') FROM answers a "
                           "JOIN requests r USING (custom_id)").fetchone()
    return {"steps": steps, "answers": check[0], "requests": check[1], "answers_graded": check[2],
            "shards": len(list((home / "batch" / "shards").glob("*.jsonl"))),
            "shard_mb": round(sum(p.stat().st_size for p in (home / "batch" / "shards").glob("*.jsonl")) / 2**20, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kill", action="store_true", help="also kill collect midway and re-run it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_cohort(work / "cohort.csv", args.answers, args.seed)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "interviewer.testing.standin_server", "--port", str(port)],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            server.stdout.readline()  # the server says it is ready
            base_url = f"http://127.0.0.1:{port}/v1"
            report = {"answers": args.answers, "run": cohort_run(work, args.answers, base_url, kill=False)}
            if args.kill:
                report["killed_run"] = cohort_run(work, args.answers, base_url, kill=True)
        finally:
            server.terminate()
            server.wait()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
