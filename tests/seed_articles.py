"""Parse the four seed articles into their numbered interview questions.

Used by the coverage test to prove every seed question is in the bank. Each article has its own
layout (see ../shared/notes/bank.md); each parser returns SeedQuestion records in article order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

SECTIONS_001 = {
    "General Deep Learning Interview Questions": "General",
    "Deep Learning Interview Questions for New Graduates": "New Graduates",
    "Deep Learning Engineering Interview Questions": "Engineering",
    "Deep Learning for Computer Vision Interview Questions": "Computer Vision",
    "Deep Learning for NLP Interview Questions": "NLP",
    "Advanced Deep Learning Interview Questions": "Advanced",
}


@dataclass
class SeedQuestion:
    seed: str
    section: str | None
    number: int
    wording: str
    body: list[str] = field(default_factory=list)  # raw answer lines, uncleaned


def _numbered(lines: list[str], seed: str, stop: str, sections: dict[str, str] | None = None) -> list[SeedQuestion]:
    """Questions are `N. text` at column 0, numbered in sequence (restarting per section).

    Requiring the next number in sequence keeps numbered lists inside answers from being taken
    for questions.
    """
    found: list[SeedQuestion] = []
    section, expected = None, 1
    for line in lines:
        if line.strip() == stop:
            break
        if sections and line.strip() in sections:
            section, expected = sections[line.strip()], 1
            continue
        match = re.match(r"^(\d+)\. (\S.*)$", line)
        if match and int(match.group(1)) == expected:
            found.append(SeedQuestion(seed, section, expected, match.group(2).strip()))
            expected += 1
        elif found:
            found[-1].body.append(line)
    return found


def _question_answer(lines: list[str], seed: str, stop: str) -> list[SeedQuestion]:
    """`Question N` / the question / `Answer:` / the answer."""
    found: list[SeedQuestion] = []
    i = 0
    while i < len(lines) and lines[i].strip() != stop:
        match = re.match(r"^Question (\d+)$", lines[i].strip())
        if match:
            found.append(SeedQuestion(seed, None, int(match.group(1)), lines[i + 1].strip()))
            i += 2
            continue
        if found and lines[i].strip() != "Answer:":
            found[-1].body.append(lines[i])
        i += 1
    return found


def parse_seed(path: Path) -> list[SeedQuestion]:
    lines = path.read_text(encoding="utf-8").splitlines()
    prefix = path.name[:3]
    if prefix == "000":
        return _numbered(lines, path.name, "How Do I Prepare For A Deep Learning Engineer Job Interview?")
    if prefix == "001":
        return _numbered(lines, path.name, "Wrapping up", SECTIONS_001)
    if prefix == "002":
        return _question_answer(lines, path.name, "Duties and Responsibilities of Deep Learning Scientist")
    if prefix == "003":
        return _numbered(lines, path.name, "Conclusion")
    raise ValueError(f"no parser for seed {path.name}")


def parse_all(seeds_dir: Path = SEEDS_DIR) -> list[SeedQuestion]:
    return [q for path in sorted(seeds_dir.glob("*.txt")) for q in parse_seed(path)]
