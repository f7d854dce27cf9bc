"""Transcripts as review material (Markdown) or data (JSON, or the stored events as JSON lines)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from interviewer.bank import Bank
from interviewer.domain.session import QuestionRecord, SessionRecord
from interviewer.presentation.cost import interview_cost
from interviewer.presentation.view import present, study, time_used

if TYPE_CHECKING:
    from interviewer.settings import ModelPrice


def to_json(record: SessionRecord, bank: Bank) -> str:
    data = record.model_dump(mode="json")
    for item in data["records"]:
        question = bank.questions.get(item["question_id"])
        item["question"] = question.text if question else None
    return json.dumps(data, indent=2, ensure_ascii=False)


def to_markdown(record: SessionRecord, bank: Bank, rubrics, prices: Mapping[str, ModelPrice]) -> str:
    avg = record.average
    lines = [
        f"# {record.config.kind.capitalize()} interview {record.id}",
        "",
        f"Started {record.started_at:%Y-%m-%d %H:%M} UTC · {record.config.mode} mode · {len(record.records)} questions"
        + (f" · average {avg:.1f}/10" if avg is not None else "")
        + (" (skipped questions count as 0)" if avg is not None and any(r.skipped for r in record.records) else "")
        + (" (with your reviews of the grader's verdicts)" if any(r.reviewed for r in record.records) else "")
        + ("" if record.finished else " · **interrupted**"),
        "",
        f"Grading: {interview_cost(record, prices).summary()}",
    ]
    for number, item in enumerate(record.records, 1):
        lines += ["", *_question(number, item, bank, rubrics)]
    return "\n".join(lines) + "\n"


def _question(number: int, item: QuestionRecord, bank: Bank, rubrics) -> list[str]:
    question = bank.questions.get(item.question_id)
    title = question.text if question else item.question_id
    meta = f"*{question.topic} · {question.kind} · difficulty {question.difficulty}*" if question else f"*{item.question_id}*"
    lines = [f"## {number}. {title}", "", f"{meta} · time {time_used(item)}"]
    if item.skipped or not item.answered:
        said = "Skipped." if item.skipped else "Not answered." + (f" Last draft:\n\n> {item.draft}" if item.draft else "")
        return lines + ["", said, *(_study(question, rubrics) if question else [])]
    lines += ["", "**Your answer**", "", *_quoted(item.answer or "")]
    if item.feedback is None:
        return lines + ["", f"Not graded{': ' + item.grading_error if item.grading_error else ''}. "
                            "`interviewer regrade` grades it."]
    if question is None:
        return lines + ["", f"**Score {item.feedback.score:g}/10** (question no longer in the bank)"]
    view = present(question, rubrics(question), item.feedback, item)
    lines += ["", f"**Score {view.score_text}** · {view.grader}"]
    if view.gate_reason is not None:
        lines += ["", view.gate_reason]
    if view.points:
        lines += ["", "| verdict | key point | evidence from your answer |", "| --- | --- | --- |"]
        lines += [f"| {p.mark} {p.verdict}{' (' + _cell(p.review) + ')' if p.review else ''} | {_cell(p.statement)} | "
                  f"{_cell(f'“{p.quote}”' if p.quote else '')} |" for p in view.points]
    if view.missed:
        lines += ["", "**What you missed**", "", *(f"- {m}" for m in view.missed)]
    for quote, correction in view.misconceptions:
        lines += ["", f"**Misconception:** “{quote}”. {correction}"]
    landed = dict(view.sections).get("What landed")
    if landed:
        lines += ["", "**What landed**", "", *(f"- {s}" for s in landed)]
    if view.stronger_answer:
        lines += ["", "**Stronger answer**", "", view.stronger_answer]
    if view.suggested_follow_up:
        lines += ["", f"**An interviewer might ask:** {view.suggested_follow_up}"]
    for follow in view.follow_ups:
        lines += ["", f"**Follow-up {follow.number}:** {follow.question}", ""]
        lines += [*_quoted(follow.answer), ""] if follow.answer else []
        lines += [follow.outcome[0].upper() + follow.outcome[1:]]
    return lines


def _study(question, rubrics) -> list[str]:
    """What a skipped question leaves to learn from: the model answer and the references."""
    view = study(question, rubrics(question))
    lines = ["", "**Model answer**", "", view.model_answer] if view.model_answer else []
    lines += ["", "**Reference answers**", ""]
    return lines + [f"{n}. {answer}" for n, answer in enumerate(view.references, 1)]


def _quoted(text: str) -> list[str]:
    return [f"> {line}" for line in text.splitlines() or [""]]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
