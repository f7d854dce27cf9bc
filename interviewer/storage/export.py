"""Transcripts as review material (Markdown) or data (JSON)."""

from __future__ import annotations

import json

from interviewer.bank import Bank
from interviewer.domain.feedback import Verdict
from interviewer.domain.session import QuestionRecord, SessionRecord
from interviewer.grading.render import MARK, grader_label
from interviewer.rubric.store import rubric_for


def mm_ss(seconds: float | None) -> str:
    seconds = int(round(abs(seconds or 0)))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def time_used(item: QuestionRecord) -> str:
    """'02:13 of 05:00, over by 00:12': what the transcript, feedback and report all show."""
    allowed = f" of {mm_ss(item.seconds_allowed)}" if item.seconds_allowed else ""
    over = f", over by {mm_ss(item.overrun_seconds)}" if item.over_time else ""
    return f"{mm_ss(item.seconds_used)}{allowed}{over}"


def average(record: SessionRecord) -> float | None:
    scores = [r.feedback.score for r in record.records if r.feedback]
    return sum(scores) / len(scores) if scores else None


def to_json(record: SessionRecord, bank: Bank) -> str:
    data = record.model_dump(mode="json")
    for item in data["records"]:
        question = bank.questions.get(item["question_id"])
        item["question"] = question.text if question else None
    return json.dumps(data, indent=2, ensure_ascii=False)


def to_markdown(record: SessionRecord, bank: Bank) -> str:
    avg = average(record)
    lines = [
        f"# {record.config.kind.capitalize()} interview {record.id}",
        "",
        f"Started {record.started_at:%Y-%m-%d %H:%M} UTC · {record.config.mode} mode · {len(record.records)} questions"
        + (f" · average {avg:.1f}/10" if avg is not None else "")
        + ("" if record.finished else " · **interrupted**"),
    ]
    for number, item in enumerate(record.records, 1):
        lines += ["", *_question(number, item, bank)]
    return "\n".join(lines) + "\n"


def _question(number: int, item: QuestionRecord, bank: Bank) -> list[str]:
    question = bank.questions.get(item.question_id)
    title = question.text if question else item.question_id
    meta = f"*{question.topic} · {question.kind} · difficulty {question.difficulty}*" if question else f"*{item.question_id}*"
    lines = [f"## {number}. {title}", "", f"{meta} · time {time_used(item)}"]
    if item.skipped:
        return lines + ["", "Skipped."]
    if not item.answered:
        return lines + ["", "Not answered." + (f" Last draft:\n\n> {item.draft}" if item.draft else "")]
    lines += ["", "**Your answer**", "", *(f"> {line}" for line in (item.answer or "").splitlines() or [""])]
    feedback = item.feedback
    if feedback is None:
        return lines + ["", f"Not graded{': ' + item.grading_error if item.grading_error else ''}. "
                            "`interviewer regrade` grades it."]
    lines += ["", f"**Score {feedback.score:g}/10** · {grader_label(feedback)}"]
    if not feedback.valid_answer:
        lines += ["", feedback.gate_reason or ""]
    if feedback.verdicts and question:
        points = {p.id: p for p in rubric_for(question).key_points}
        lines += ["", "| verdict | key point | evidence from your answer |", "| --- | --- | --- |"]
        for v in feedback.verdicts:
            statement = points[v.point_id].statement if v.point_id in points else v.point_id
            quote = f"“{v.quote}”" if v.quote else ""
            lines.append(f"| {MARK[v.verdict]} {v.verdict} | {_cell(statement)} | {_cell(quote)} |")
        missed = [points[v.point_id].statement for v in feedback.verdicts
                  if v.verdict in (Verdict.MISSING, Verdict.INCORRECT) and v.point_id in points]
        if missed:
            lines += ["", "**What you missed**", "", *(f"- {m}" for m in missed)]
    for m in feedback.misconceptions:
        lines += ["", f"**Misconception:** “{m.quote}”. {m.correction or m.statement}"]
    if feedback.strengths:
        lines += ["", "**What landed**", "", *(f"- {s}" for s in feedback.strengths)]
    if feedback.stronger_answer:
        lines += ["", "**Stronger answer**", "", feedback.stronger_answer]
    if feedback.follow_up and not item.follow_ups:
        lines += ["", f"**An interviewer might ask:** {feedback.follow_up}"]
    for n, follow in enumerate(item.follow_ups, 1):
        lines += ["", f"**Follow-up {n}:** {follow.text}", ""]
        lines += [f"> {line}" for line in follow.answer.splitlines()] or ["*Skipped.*"]
        if follow.feedback:
            closed = {True: "you closed the gap", False: "the gap is still open", None: ""}[follow.recovered]
            lines += ["", f"Follow-up score {follow.feedback.score:g}/10 · {closed}".rstrip(" ·")]
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
