"""A cohort's results: one report per candidate (Markdown and JSON) and the cohort summary (score
distribution per question, most-missed key points, candidates ranked with their weakest topics, cost).

Answers are read from the batch state in candidate order and each candidate's report is written before the
next is read: memory holds the summary's figures (a score per answer), never the cohort's feedback.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.domain.feedback import Verdict

if TYPE_CHECKING:
    from interviewer.settings import ModelPrice

BATCH_DISCOUNT = 0.5  # the Batch API bills half the online price
BUCKETS = ((0, 2), (2, 4), (4, 6), (6, 8), (8, 10.01))
MISSED = (Verdict.MISSING.value, Verdict.INCORRECT.value)
_MARKUP = re.compile(r"([\\`*_\[\]<>#|~])")


def md_literal(text: str) -> str:
    """Text from candidates and models, shown as itself in Markdown (no markup, no line breaks)."""
    return _MARKUP.sub(r"\\\1", " ".join(str(text).split()))


def file_stem(candidate: str) -> str:
    """A safe, unique file name for a candidate's report (names may hold any character)."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", candidate).strip("-")[:40] or "candidate"
    return f"{slug}-{hashlib.sha256(candidate.encode()).hexdigest()[:6]}"


@dataclass
class Summary:
    cohort: str
    scores: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # per question
    missed: Counter = field(default_factory=Counter)  # (question, point) -> answers that missed it
    candidates: list[dict] = field(default_factory=list)
    not_graded: Counter = field(default_factory=Counter)  # status -> answers
    usage: Counter = field(default_factory=Counter)  # (model, kind) -> tokens, each request once
    seen: set[str] = field(default_factory=set)

    def as_dict(self, prices: Mapping[str, ModelPrice]) -> dict:
        return {
            "cohort": self.cohort,
            "answers_graded": sum(len(s) for s in self.scores.values()),
            "answers_not_graded": dict(self.not_graded),
            "questions": {q: _distribution(s) for q, s in sorted(self.scores.items())},
            "most_missed": [{"question_id": q, "point_id": p, "answers": n} for (q, p), n in self.missed.most_common(10)],
            "candidates": sorted(self.candidates, key=lambda c: (-(c["average"] or 0), c["candidate"])),
            "cost": self.cost(prices),
        }

    def cost(self, prices: Mapping[str, ModelPrice]) -> dict:
        from interviewer.presentation.cost import grade_usd

        models = sorted({model for model, _ in self.usage})
        tokens = {m: {k: self.usage[m, k] for k in ("prompt", "cached", "completion")} for m in models}
        priced = [m for m in models if m in prices]
        usd = sum(grade_usd(prices[m], tokens[m]["prompt"], tokens[m]["cached"], tokens[m]["completion"])
                  for m in priced) * BATCH_DISCOUNT
        unpriced = [m for m in models if m not in prices]
        return {"tokens": tokens, "usd_at_batch_prices": None if unpriced or not models else round(usd, 4),
                "unpriced_models": unpriced}


def _distribution(scores: list[float]) -> dict:
    return {"n": len(scores), "mean": round(statistics.fmean(scores), 2), "median": round(statistics.median(scores), 2),
            "min": min(scores), "max": max(scores),
            "histogram": {f"{lo}-{min(hi, 10):g}": sum(lo <= s < hi for s in scores) for lo, hi in BUCKETS}}


def _answers(db: sqlite3.Connection, cohort: str) -> Iterator[tuple[str, list[sqlite3.Row]]]:
    rows = db.execute(
        "SELECT a.candidate, a.question_id, a.source_row, a.extra, r.custom_id, r.status, r.score, r.feedback, "
        "r.batch_id, r.error FROM answers a JOIN requests r USING (custom_id) WHERE a.cohort = ? "
        "ORDER BY a.candidate, a.rowid", (cohort,))
    current, group = "", []  # type: tuple[str, list[sqlite3.Row]]
    for row in rows:
        if row["candidate"] != current and group:
            yield current, group
            group = []
        current = row["candidate"]
        group.append(row)
    if group:
        yield current, group


def write_reports(db: sqlite3.Connection, cohort: str, out: Path | None) -> Summary:
    """Each candidate's report into `out` (when given), and the cohort's summary figures."""
    topics = {row[0]: json.loads(row[1])["topic"] for row in db.execute("SELECT question_id, question FROM questions")}
    summary = Summary(cohort)
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for candidate, rows in _answers(db, cohort):
        answers, by_topic = [], defaultdict(list)
        for row in rows:
            feedback = json.loads(row["feedback"]) if row["feedback"] else None
            answers.append({"question_id": row["question_id"], "topic": topics.get(row["question_id"]),
                            "source_row": row["source_row"], "extra": json.loads(row["extra"]),
                            "status": row["status"], "score": row["score"], "batch_id": row["batch_id"],
                            "error": row["error"], "feedback": feedback})
            if feedback is None:
                summary.not_graded[row["status"]] += 1
                continue
            summary.scores[row["question_id"]].append(row["score"])
            by_topic[topics.get(row["question_id"])].append(row["score"])
            summary.missed.update((row["question_id"], v["point_id"]) for v in feedback["verdicts"]
                                  if v["verdict"] in MISSED)
            p = feedback["provenance"]
            if p["grader"] != "gate" and row["custom_id"] not in summary.seen:  # a shared request is paid once
                summary.seen.add(row["custom_id"])
                model = p.get("model") or "an unnamed model"
                summary.usage.update({(model, "prompt"): p["prompt_tokens"], (model, "cached"): p["cached_tokens"],
                                      (model, "completion"): p["completion_tokens"]})
        scores = [a["score"] for a in answers if a["feedback"]]
        average = round(statistics.fmean(scores), 2) if scores else None
        weakest = sorted(by_topic, key=lambda t: statistics.fmean(by_topic[t]))[:2]
        summary.candidates.append({"candidate": candidate, "average": average, "graded": len(scores),
                                   "answers": len(answers), "weakest_topics": weakest})
        if out:
            report = {"cohort": cohort, "candidate": candidate, "average": average, "answers": answers}
            stem = file_stem(candidate)
            (out / f"{stem}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            (out / f"{stem}.md").write_text(candidate_markdown(report), encoding="utf-8")
    return summary


def candidate_markdown(report: dict) -> str:
    average = "not graded yet" if report["average"] is None else f"{report['average']:.1f}/10"
    lines = [f"# {md_literal(report['candidate'])}", "", f"Cohort {md_literal(report['cohort'])}. Average {average} "
             f"over {sum(1 for a in report['answers'] if a['feedback'])} graded answer(s).", ""]
    for a in report["answers"]:
        lines.append(f"## {md_literal(a['question_id'])} ({md_literal(a['topic'] or 'unknown topic')})")
        lines.append("")
        if not a["feedback"]:
            lines += [f"Not graded ({a['status']}){': ' + md_literal(a['error']) if a['error'] else ''}.", ""]
            continue
        f = a["feedback"]
        lines.append(f"Score {a['score']:.1f}/10 (batch {md_literal(a['batch_id'])}, model "
                     f"{md_literal(f['provenance'].get('model'))}, prompt {f['provenance'].get('prompt_version')}).")
        lines.append("")
        lines += [f"- {md_literal(v['point_id'])}: {v['verdict']}" for v in f["verdicts"]]
        lines += [f"- Misconception: {md_literal(m['statement'])}" for m in f["misconceptions"]]
        lines += [f"- To sharpen: {md_literal(t)}" for t in f["to_sharpen"]]
        lines.append("")
    return "\n".join(lines)


def summary_markdown(data: dict) -> str:
    lines = [f"# Cohort {md_literal(data['cohort'])}", "", f"{data['answers_graded']} answer(s) graded"
             + "".join(f", {n} {status}" for status, n in sorted(data["answers_not_graded"].items())) + ".", "",
             "## Scores per question", "", "| question | n | mean | median | min | max | 0-2 | 2-4 | 4-6 | 6-8 | 8-10 |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for q, d in data["questions"].items():
        lines.append(f"| {md_literal(q)} | {d['n']} | {d['mean']:.2f} | {d['median']:.2f} | {d['min']:.1f} | "
                     f"{d['max']:.1f} | " + " | ".join(str(n) for n in d["histogram"].values()) + " |")
    lines += ["", "## Most-missed key points", ""]
    lines += [f"- {md_literal(m['question_id'])} / {md_literal(m['point_id'])}: missed or wrong in {m['answers']} "
              "answer(s)" for m in data["most_missed"]] or ["- none"]
    lines += ["", "## Candidates", "", "| rank | candidate | average | graded | weakest topics |", "|---|---|---|---|---|"]
    for rank, c in enumerate(data["candidates"], 1):
        average = "-" if c["average"] is None else f"{c['average']:.2f}"
        lines.append(f"| {rank} | {md_literal(c['candidate'])} | {average} | {c['graded']}/{c['answers']} | "
                     f"{', '.join(c['weakest_topics']) or '-'} |")
    cost = data["cost"]
    usd = cost["usd_at_batch_prices"]
    lines += ["", "## Cost", "", "at batch prices: " + (f"${usd:,.4f}" if usd is not None else
              "no price set for " + (", ".join(cost["unpriced_models"]) or "any model used")), ""]
    return "\n".join(lines)
