"""Feedback as readable terminal text."""

from __future__ import annotations

from interviewer.domain.feedback import Feedback, Verdict
from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric

MARK = {Verdict.COVERED: "✓", Verdict.PARTIAL: "~", Verdict.MISSING: "✗", Verdict.INCORRECT: "!"}


def grader_label(feedback: Feedback) -> str:
    p = feedback.provenance
    if p.grader == "gate":
        return "validity check (no grader call)"
    label = {"offline": "offline grader (embedded, no LLM)", "fake": "scripted fake grader"}.get(
        p.grader, f"LLM grader: {p.model} at {p.endpoint_host}, prompt {p.prompt_version}"
    )
    if p.fallback:
        label += f" — FALLBACK, the LLM grader failed: {p.fallback_reason}"
    return label


def render_feedback(question: Question, rubric: Rubric, feedback: Feedback) -> str:
    lines = [f"{question.text}", f"Score: {feedback.score:g}/10   ·   {grader_label(feedback)}"]
    if not feedback.valid_answer:
        lines += ["", feedback.gate_reason or ""]
    points = {p.id: p for p in rubric.key_points}
    if feedback.verdicts:
        lines += ["", "Key points:"]
        for v in feedback.verdicts:
            point = points.get(v.point_id)
            lines.append(f"  {MARK[v.verdict]} {v.verdict:<9} {point.statement if point else v.point_id}")
            if v.quote:
                lines.append(f"      “{v.quote}”")
    for m in feedback.misconceptions:
        lines += ["", f"Misconception: “{m.quote}”", f"  {m.correction or m.statement}"]
    if feedback.dimensions:
        lines += ["", "Dimensions:"]
        lines += [f"  {d.dimension:<20} {'█' * d.score}{'░' * (5 - d.score)} {d.score}/5  {d.justification}" for d in feedback.dimensions]
    if feedback.star:
        lines += ["", "STAR: " + "  ".join(f"{s.element} {'✓' if s.present else '✗'}" for s in feedback.star)]
    for title, items in (("What landed", feedback.strengths), ("What to sharpen", feedback.to_sharpen),
                         ("Flags", feedback.flags), ("Notes", feedback.notes)):
        if items:
            lines += ["", f"{title}:", *(f"  - {item}" for item in items)]
    if feedback.stronger_answer:
        lines += ["", "Stronger answer:", *(f"  {line}" for line in feedback.stronger_answer.splitlines())]
    if feedback.follow_up:
        lines += ["", f"Follow-up: {feedback.follow_up}"]
    return "\n".join(lines)
