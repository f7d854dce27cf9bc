"""Build the claim model's labelled pairs (key point statement, a clause or window of an answer).

Sources, per key point of every rubric:
- the sentences we wrote (statements/*.yaml): `states` and `contradicts`;
- the rubric itself: the point's statement states it; a misconception with `reverses: <point>` contradicts it;
- term runs generated from the rubric's phrasings: `names` (nothing said about the terms);
- sentences about the question's other points and about other questions: `unrelated`;
- the labelled answer sets: off-topic answers (unrelated), keyword lists (names), and the per-point labels
  (covered -> states, named -> names, incorrect -> contradicts, missing -> a sentence of the answer, unrelated).

Every pair carries its question id and whether the split holds that question out, so training uses only
the others. Output: one JSON object a line. Deterministic for a given seed.

    python training/claims/build_pairs.py [--point-labels PATH ...] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from interviewer.evaluation.split import held_out  # noqa: E402
from interviewer.nlp.text import sentences  # noqa: E402

HERE = Path(__file__).resolve().parent
LABELS = ("states", "names", "contradicts", "unrelated")
NEGATION = re.compile(r"\b(?:no|not|never|none|nothing|without|neither|nor|cannot)\b|n't\b", re.IGNORECASE)
# A point whose statement is itself a list of things to name: a run of its terms does state it.
LIST_POINT = re.compile(r"^(?:names|examples|uses|applications|others|methods|gives examples|mentions)\b",
                        re.IGNORECASE)
NAME_TEMPLATES = (
    "{run}.", "{Run}.", "{run}", "{Run} is important.", "{Run} matters here.", "There's also {run}.",
    "I'd mention {run}.", "Key words: {run}.", "{Run}, and so on.", "It is {run}.", "I know about {run}.",
    "{Run}: all relevant.", "Also {run}.", "Things like {run}.",
)
UNRELATED_PER_POINT = 6      # sentences from other questions, per point
CROSS_OVERLAP_LIMIT = 0.25   # skip another question's sentence sharing this share of content words
STOP = set("a an the of to in on for and or is are it its it's be by with as at that this from can".split())


@dataclass
class Point:
    question_id: str
    point_id: str
    statement: str
    phrasings: list[str]
    states: list[str] = field(default_factory=list)
    contradicts: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    @property
    def is_list(self) -> bool:
        return bool(LIST_POINT.match(self.statement))


def content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP}


def overlap(a: str, b: str) -> float:
    ca, cb = content(a), content(b)
    return len(ca & cb) / max(1, min(len(ca), len(cb)))


def load_points(rubric_dir: Path, statement_dir: Path) -> dict[str, list[Point]]:
    written: dict[str, dict] = {}
    for path in sorted(statement_dir.glob("*.yaml")):
        for qid, points in yaml.safe_load(path.read_text()).items():
            written.setdefault(qid, {}).update(points)
    by_question: dict[str, list[Point]] = {}
    for path in sorted(rubric_dir.glob("*.yaml")):
        rubric = yaml.safe_load(path.read_text())
        qid = rubric["question_id"]
        points = []
        for kp in rubric.get("key_points", []):
            mine = written.get(qid, {}).get(kp["id"], {})
            point = Point(qid, kp["id"], kp["statement"], list(kp.get("phrasings") or []),
                          list(mine.get("states", [])), list(mine.get("contradicts", [])), list(mine.get("names", [])))
            points.append(point)
        by_id = {p.point_id: p for p in points}
        for misconception in rubric.get("misconceptions", []) or []:
            target = by_id.get(misconception.get("reverses") or "")
            if target is not None:
                target.contradicts.append(misconception["statement"])
        by_question[qid] = points
    return by_question


def term_runs(point: Point, rng: random.Random, count: int) -> list[str]:
    """Bare runs of the point's own terms: its phrasings and the words of its id."""
    terms = list(dict.fromkeys(point.phrasings + [point.point_id.replace("-", " ")]))
    runs = []
    for _ in range(count):
        k = rng.randint(1, min(4, len(terms)))
        picked = rng.sample(terms, k)
        run = picked[0] if k == 1 else ", ".join(picked[:-1]) + rng.choice([", ", " and ", " "]) + picked[-1]
        template = rng.choice(NAME_TEMPLATES)
        runs.append(template.format(run=run, Run=run[:1].upper() + run[1:]))
    return list(dict.fromkeys(runs))


def mixed_runs(points: list[Point], rng: random.Random, count: int) -> list[tuple[str, set[str]]]:
    """Runs of terms from several of a question's points ("encoder-only bidirectional masked ..."), with the
    ids of the points whose terms they hold."""
    out = []
    for _ in range(count):
        chosen = rng.sample(points, min(len(points), rng.randint(2, 4)))
        terms = [(rng.choice(p.phrasings or [p.point_id.replace("-", " ")]), p.point_id) for p in chosen]
        glue = rng.choice([" ", ", "])
        text = glue.join(t for t, _ in terms)
        out.append((rng.choice(["{}.", "It is {}.", "{}"]).format(text), {pid for _, pid in terms}))
    return out


def pair(point: Point, text: str, label: str, source: str) -> dict:
    return {"question_id": point.question_id, "point_id": point.point_id, "held_out": held_out(point.question_id),
            "point": point.statement, "text": text, "label": label, "source": source,
            "negated": bool(NEGATION.search(text))}


def rubric_pairs(by_question: dict[str, list[Point]], rng: random.Random) -> list[dict]:
    pairs = []
    every_sentence = [(p.question_id, s) for pts in by_question.values() for p in pts
                      for s in p.states + p.contradicts + [p.statement]]
    for qid, points in by_question.items():
        for point in points:
            pairs.append(pair(point, point.statement, "states", "rubric-statement"))
            pairs += [pair(point, s, "states", "written") for s in point.states]
            pairs += [pair(point, s, "contradicts", "written") for s in point.contradicts]
            others = [o for o in points if o is not point]
            # A window: the claim with a sentence about another point beside it keeps its label.
            for label, own in (("states", point.states), ("contradicts", point.contradicts)):
                if own and others:
                    neighbour = rng.choice(others)
                    extra = rng.choice(neighbour.states or [neighbour.statement])
                    window = f"{rng.choice(own)} {extra}" if rng.random() < 0.5 else f"{extra} {rng.choice(own)}"
                    pairs.append(pair(point, window, label, "window"))
            if not point.is_list:
                pairs += [pair(point, s, "names", "written") for s in point.names]
                pairs += [pair(point, s, "names", "term-run") for s in term_runs(point, rng, 4)]
            for other in others:
                texts = [other.statement] + rng.sample(other.states, min(1, len(other.states)))
                texts += rng.sample(other.contradicts, min(1, len(other.contradicts)))
                pairs += [pair(point, t, "unrelated", "same-question") for t in texts
                          if overlap(t, point.statement) < 0.5]
            foreign = [s for q, s in every_sentence if q != qid]
            own_words = point.statement + " " + " ".join(point.states)
            distant = [t for t in rng.sample(foreign, UNRELATED_PER_POINT * 3) if overlap(t, own_words) < CROSS_OVERLAP_LIMIT]
            pairs += [pair(point, t, "unrelated", "other-question") for t in distant[:UNRELATED_PER_POINT]]
        by_id = {p.point_id: p for p in points}
        for text, holders in mixed_runs(points, rng, 6):
            for pid in holders:
                if not by_id[pid].is_list:
                    pairs.append(pair(by_id[pid], text, "names", "mixed-term-run"))
    return pairs


def answer_set_pairs(by_question: dict[str, list[Point]], csv_path: Path, rng: random.Random) -> list[dict]:
    """Off-topic answers are unrelated to every point; keyword lists name the points whose terms they hold."""
    pairs = []
    if not csv_path.exists():
        return pairs
    for row in csv.DictReader(csv_path.open(newline="")):
        points = by_question.get(row["question_id"], [])
        if row["category"] == "off-topic":
            for point in points:
                pairs += [pair(point, s, "unrelated", f"{csv_path.stem}:off-topic") for s in sentences(row["answer"])[:3]]
        elif row["category"] == "keyword-list":
            answer = row["answer"].lower()
            for point in points:
                if not point.is_list and any(ph.lower() in answer for ph in point.phrasings):
                    pairs.append(pair(point, row["answer"], "names", f"{csv_path.stem}:keyword-list"))
    return pairs


def point_label_pairs(by_question: dict[str, list[Point]], csv_path: Path, rng: random.Random) -> list[dict]:
    verdict_label = {"covered": "states", "named": "names", "incorrect": "contradicts"}
    pairs = []
    for row in csv.DictReader(csv_path.open(newline="")):
        by_id = {p.point_id: p for p in by_question.get(row["question_id"], [])}
        answer_sentences = sentences(row.get("answer", ""))
        for pid, verdict in json.loads(row.get("verdicts") or "{}").items():
            point = by_id.get(pid)
            if point is None:
                continue
            label = verdict_label.get(verdict.get("verdict", ""))
            quote = (verdict.get("quote") or "").strip()
            if label and quote:
                pairs.append(pair(point, quote, label, "point-labels"))
            elif verdict.get("verdict") == "missing" and answer_sentences:
                pairs.append(pair(point, rng.choice(answer_sentences), "unrelated", "point-labels"))
    return pairs


def build(point_label_files: list[Path], rubric_dir: Path = ROOT / "rubrics", seed: int = 13) -> list[dict]:
    rng = random.Random(seed)
    by_question = load_points(rubric_dir, HERE / "statements")
    pairs = rubric_pairs(by_question, rng)
    for name in ("interview_answers.csv", "adversarial_answers.csv"):
        pairs += answer_set_pairs(by_question, ROOT / "evals" / name, rng)
    for path in point_label_files:
        pairs += point_label_pairs(by_question, path, rng)
    unique = {(p["question_id"], p["point_id"], p["text"]): p for p in pairs}  # a later source wins a clash
    return list(unique.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--point-labels", type=Path, action="append", default=[],
                        help="a per-point labelled CSV (default: evals/point_labels.csv when present)")
    parser.add_argument("--rubrics", type=Path, default=ROOT / "rubrics", help="the rubrics folder")
    parser.add_argument("--out", type=Path, default=HERE / "build" / "pairs.jsonl")
    args = parser.parse_args(argv)
    label_files = args.point_labels or [p for p in [ROOT / "evals" / "point_labels.csv"] if p.exists()]
    pairs = build(label_files, args.rubrics)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w") as out:
        for p in pairs:
            out.write(json.dumps(p) + "\n")
    counts = {split: {label: sum(1 for p in pairs if p["held_out"] == (split == "held-out") and p["label"] == label)
                      for label in LABELS} for split in ("train", "held-out")}
    print(json.dumps({"pairs": len(pairs), "point_label_files": [str(p) for p in label_files], **counts}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
