"""A rubric as readable text for the terminal."""

from __future__ import annotations

import textwrap

from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric, reference_hash


def render_rubric(question: Question, rubric: Rubric) -> str:
    fresh = "fresh" if rubric.reference_hash == reference_hash(question) else "STALE (references changed)"
    lines = [
        f"{question.id}: {question.text}",
        f"rubric v{rubric.version} · {rubric.status} · built by {rubric.built_by} · {fresh}",
        "",
        f"{'weight':>6}  {'':4}  key point",
    ]
    for p in rubric.key_points:
        lines.append(f"{p.weight:>6.2f}  {p.importance:4}  {p.statement}")
        if p.phrasings:
            lines += _wrapped("accepts: " + ", ".join(p.phrasings))
        for probe in p.probes:
            lines += _wrapped("probe: " + probe)
        refs = ", ".join(map(str, p.from_references)) if p.from_references else "added in review"
        lines += _wrapped(f"from reference(s): {refs}")
    if rubric.misconceptions:
        lines += ["", "Misconceptions (subtract):"]
        for m in rubric.misconceptions:
            lines.append(f"{m.weight:>6.2f}        {m.statement}")
            if m.correction:
                lines += _wrapped("correct: " + m.correction)
    if rubric.star:
        lines += ["", "STAR criteria:", *(f"  {c.element:<10} {c.description}" for c in rubric.star)]
    if rubric.model_answer:
        lines += ["", "Model answer:", *textwrap.wrap(rubric.model_answer, width=96, initial_indent="  ", subsequent_indent="  ")]
    if rubric.depth_probes:
        lines += ["", "Depth probes:", *(f"  - {q}" for q in rubric.depth_probes)]
    return "\n".join(lines)


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, width=96, initial_indent=" " * 14, subsequent_indent=" " * 16)
