"""Small builders shared by tests."""

from __future__ import annotations

from pathlib import Path


def write_bank_file(folder: Path, name: str, *, qid: str = "what-is-a-tensor", difficulty: object = 1) -> Path:
    path = folder / name
    path.write_text(
        "topic: fundamentals\n"
        "questions:\n"
        f"  - id: {qid}\n"
        "    text: What is a tensor?\n"
        "    kind: conceptual\n"
        f"    difficulty: {difficulty}\n"
        "    references:\n"
        "      - answer: A multi-dimensional array with a shape and a dtype; operations broadcast over it.\n",
        encoding="utf-8",
    )
    return path
