"""Parse the four seed articles into their numbered interview questions.

The articles are not shipped with the repository; the questions they hold are, in
tests/data/seed_questions.json, which the coverage test reads. With the articles at hand
(INTERVIEWER_SEEDS_DIR, or ../shared/seeds beside the checkout), `python tests/seed_articles.py`
writes that list again, and a test checks the shipped list still matches them. Each article has its
own layout; each parser returns SeedQuestion records in article order.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

SEEDS_DIR = Path(os.environ.get("INTERVIEWER_SEEDS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "seeds")
SEED_QUESTIONS = Path(__file__).resolve().parent / "data" / "seed_questions.json"

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


def listed(question: SeedQuestion) -> dict:
    """A question as the shipped list holds it: everything but the answer's raw lines."""
    return {k: v for k, v in dataclasses.asdict(question).items() if k != "body"}


def load_listed() -> list[SeedQuestion]:
    return [SeedQuestion(**entry) for entry in json.loads(SEED_QUESTIONS.read_text(encoding="utf-8"))]


def write_list(seeds_dir: Path = SEEDS_DIR) -> int:
    questions = [listed(q) for q in parse_all(seeds_dir)]
    lines = ",\n".join(json.dumps(q, ensure_ascii=False) for q in questions)
    SEED_QUESTIONS.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    return len(questions)


if __name__ == "__main__":
    print(f"{write_list()} questions written to {SEED_QUESTIONS}")
