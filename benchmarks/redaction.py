"""How long does key redaction take on a hostile reply? `python benchmarks/redaction.py [--size BYTES]`.

Each shape is a reply a server or model could send, built to the given size (1 MB by default): one unbroken
word, an unbroken word with a masked key in it, stars everywhere, a run of key prefixes, and plain prose.
Prints the best of --runs timings per shape, and how they grow from a quarter of the size (about 4x is
linear, 16x quadratic). Asserts nothing: figures vary by machine.
"""

from __future__ import annotations

import argparse
import time

from interviewer.llm.errors import redact

KEY = "".join(["9f8e7d6c", "5b4a3928", "1706f5e4", "d3c2b1a0"])  # an Azure-style 32-character key


def shapes(size: int) -> dict[str, str]:
    return {
        "one unbroken word": "a" * size,
        "word with a masked key": "a" * (size // 2) + "****" + KEY[-4:] + "b" * (size // 2),
        "stars everywhere": "ab***" * (size // 5),
        "key prefixes": (KEY[:8] + "-") * (size // 9),
        "bearer and sk- starts": "Bearer sk-x. " * (size // 13),
        "prose": ("Dropout zeroes random units during training; at inference it is off. " * size)[:size],
    }


def best(text: str, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        redact(text, KEY)
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"| shape ({args.size:,} characters) | seconds | growth from size/4 |")
    print("|---|---|---|")
    quarter = shapes(args.size // 4)
    for name, text in shapes(args.size).items():
        seconds = best(text, args.runs)
        growth = seconds / max(best(quarter[name], args.runs), 1e-9)
        print(f"| {name} | {seconds:.4f} | {growth:.1f}x |")


if __name__ == "__main__":
    main()
