"""Does interviewer stay fast with a long history, and does it start fast? `python benchmarks/scale.py`.

Compares an empty data directory with one holding N past interviews written in the v1 format by
make_history.py, through public entry points only (the CLI, `make_app` and key bindings, the latter
via tui_first_screen.py), each in a fresh process. Each data directory is started once, untimed, before
anything is timed: that first start is where a new version imports old files. Then every figure is the
median of --runs runs, the two sides interleaved so that load from other processes hits both alike.
Peak memory is the child's own ru_maxrss (os.wait4). Prints a Markdown table of ratios against the
acceptance bounds of issue #11; asserts nothing (figures vary by machine).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROBE = HERE / "tui_first_screen.py"
SCRIPT = Path(sys.executable).with_name("interviewer")
CLI = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "interviewer"]


@dataclass
class Run:
    ms: float       # the probe's own figure when it prints one, else the whole process's wall time
    peak_mb: float
    stdout: str


def run(command: list[str], home: Path, probe: bool = False) -> Run:
    """One fresh process; its wall time (or the probe's printed figure) and its own peak RSS."""
    # Offline, and with bytecode written and reused as after a real install.
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PYTHONDONTWRITEBYTECODE")}
    env["INTERVIEWER_HOME"] = str(home)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, cwd=home, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = (time.perf_counter() - start) * 1000
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        if child.returncode:
            raise SystemExit(f"{' '.join(command)} exited {child.returncode}:\n{err.read().decode(errors='replace')[-2000:]}")
    return Run(float(stdout.split()[-1]) if probe else elapsed, usage.ru_maxrss / 1024, stdout)


def compare(base: tuple[list[str], Path], subject: tuple[list[str], Path], runs: int,
            probe: bool = False) -> tuple[list[Run], list[Run]]:
    """`runs` runs of each after one untimed run of each, interleaved."""
    run(*base, probe=probe), run(*subject, probe=probe)
    pairs = [(run(*base, probe=probe), run(*subject, probe=probe)) for _ in range(runs)]
    return [a for a, _ in pairs], [b for _, b in pairs]


def median(runs: list[Run], field: str) -> float:
    return statistics.median(getattr(r, field) for r in runs)


class Table:
    def __init__(self, base: str, subject: str) -> None:
        self.header = (f"| what | {base} | {subject} | ratio | bound | holds |\n"
                       "| --- | --- | --- | --- | --- | --- |")
        self.rows: list[str] = []

    def add(self, what: str, base: float, subject: float, unit: str, bound: float) -> None:
        ratio = subject / base
        verdict = "yes" if ratio <= bound else "**no**"
        self.rows.append(f"| {what} | {base:.0f} {unit} | {subject:.0f} {unit} | {ratio:.2f}x | <= {bound:g}x | {verdict} |")
        print(f"  {what}: {base:.0f} -> {subject:.0f} {unit} ({ratio:.2f}x)", file=sys.stderr, flush=True)

    def __str__(self) -> str:
        return "\n".join([self.header, *self.rows])


def start_up(table: Table, runs: int, home: Path) -> None:
    """`interviewer --help` against `python -c pass`; the TUI's first screen against a one-Label app."""
    interpreter, helped = compare(([sys.executable, "-c", "pass"], home), ([*CLI, "--help"], home), runs)
    table.add("`interviewer --help` vs `python -c pass` (whole process)", median(interpreter, "ms"),
              median(helped, "ms"), "ms", 3)
    label, first = compare(([sys.executable, str(PROBE), "label"], home), ([sys.executable, str(PROBE), "home"], home),
                           runs, probe=True)
    table.add("TUI first screen vs a one-Label Textual app (start to mounted)", median(label, "ms"),
              median(first, "ms"), "ms", 2)


def history(table: Table, runs: int, empty: Path, full: Path, expected: int) -> str:
    for home in (empty, full):  # the first start imports old files (in the new design): untimed
        run([*CLI, "transcripts", "list", "--json"], home)
        run([sys.executable, str(PROBE), "home"], home, probe=True)
    memory: list[tuple[str, float, float]] = []
    listed = "?"
    commands = {"`transcripts list --json`": [*CLI, "transcripts", "list", "--json"], "`stats`": [*CLI, "stats"]}
    for what, command in commands.items():
        base, subject = compare((command, empty), (command, full), runs)
        table.add(f"{what} (whole process)", median(base, "ms"), median(subject, "ms"), "ms", 2)
        memory.append((what, median(base, "peak_mb"), median(subject, "peak_mb")))
        if "list" in what:
            count = len(json.loads(subject[-1].stdout))
            listed = f"{count} of {expected} (acceptance: every one; {'holds' if count == expected else '**no**'})"
    for screen, how in (("home", "start to mounted"), ("history", "ctrl+o to mounted"), ("progress", "ctrl+g to mounted")):
        probe = [sys.executable, str(PROBE), screen]
        # More runs than for a command: a screen counts as mounted when the pilot finds the app idle, which
        # it checks in 20 ms steps, so single figures jump by a step.
        base, subject = compare((probe, empty), (probe, full), max(runs, 11), probe=True)
        table.add(f"{screen} screen ({how})", median(base, "ms"), median(subject, "ms"), "ms", 1.3)
        memory.append((f"TUI to the {screen} screen", median(base, "peak_mb"), median(subject, "peak_mb")))
    for what, base_mb, subject_mb in memory:
        table.add(f"peak RSS: {what}", base_mb, subject_mb, "MB", 1.5)
    return listed


def machine() -> str:
    cpu = platform.processor()
    if Path("/proc/cpuinfo").exists():
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), cpu)
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return f"{cpu}, {os.cpu_count()} cores{load}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interviews", type=int, default=2000, metavar="N", help="past interviews (default 2000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure and side (default 5)")
    parser.add_argument("--history", type=Path, metavar="DIR",
                        help="reuse a data directory written by make_history.py (default: write a fresh one)")
    parser.add_argument("--skip-scale", action="store_true", help="only the start-up comparisons")
    args = parser.parse_args()
    startup, scale = Table("baseline", "interviewer"), Table("empty history", f"{args.interviews} interviews")
    listed = None
    with tempfile.TemporaryDirectory() as scratch:
        empty = Path(scratch) / "empty"
        empty.mkdir()
        print("start-up...", file=sys.stderr)
        start_up(startup, max(args.runs, 11), empty)
        if not args.skip_scale:
            full = args.history or Path(scratch) / "history"
            if not args.history:
                print(f"writing {args.interviews} interviews...", file=sys.stderr)
                subprocess.run([sys.executable, str(HERE / "make_history.py"), str(args.interviews), str(full)], check=True)
            print("scale...", file=sys.stderr)
            listed = history(scale, args.runs, empty, full, args.interviews)
    print(f"Machine: {machine()}\n\n{startup}")
    if listed is not None:
        print(f"\nPast interviews listed by `transcripts list --json`: {listed}.\n\n{scale}")


if __name__ == "__main__":
    main()
