"""Feedback as plain terminal text (`interviewer grade`)."""

from __future__ import annotations

from interviewer.presentation.view import FeedbackView


def render_text(view: FeedbackView) -> str:
    lines = [view.question, f"Score: {view.score_text or f'{view.score:g}/10'}   ·   {view.grader}"]
    if view.gate_reason is not None:
        lines += ["", view.gate_reason]
    if view.points:
        lines += ["", "Key points:"]
        for p in view.points:
            lines.append(f"  {p.mark} {p.verdict:<9} {p.statement}")
            if p.quote:
                lines.append(f"      “{p.quote}”")
    for quote, correction in view.misconceptions:
        lines += ["", f"Misconception: “{quote}”", f"  {correction}"]
    if view.dimensions:
        lines += ["", "Dimensions:"]
        lines += [f"  {d.name:<20} {'█' * d.score}{'░' * (5 - d.score)} {d.score}/5  {d.why}" for d in view.dimensions]
    if view.star:
        lines += ["", f"STAR: {view.star}"]
    for title, items in view.sections:
        lines += ["", f"{title}:", *(f"  - {item}" for item in items)]
    if view.stronger_answer:
        lines += ["", "Stronger answer:", *(f"  {line}" for line in view.stronger_answer.splitlines())]
    if view.suggested_follow_up:
        lines += ["", f"Follow-up: {view.suggested_follow_up}"]
    return "\n".join(lines)
