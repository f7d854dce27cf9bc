"""Batch output lines into grades, exactly as online: the reply's content is redacted, validated against the
rubric's schema (llm.structured.reply_value), then checked and scored (openai_grader.feedback_from_reply).

Lines are read one at a time and stored in small transactions, so memory does not grow with the file and a
killed run keeps every grade it stored. A request already graded is skipped: a line is never graded twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from interviewer.batch.state import transaction
from interviewer.domain.feedback import Feedback
from interviewer.grading.base import GradeRequest
from interviewer.grading.openai_grader import feedback_from_reply, grade_prompt
from interviewer.grading.service import capped
from interviewer.llm.errors import redact
from interviewer.llm.structured import Usage, reply_value, token_count
from interviewer.settings import Settings
from interviewer.terminal import printable

_CHUNK = 100  # lines per transaction: a killed collect loses at most these, and re-reads them
SHOWN_PROBLEMS = 20  # per run; the rest are stored with their request (`batch status --failed`)


class LineFailed(Exception):
    """This line has no usable grade; the message says why."""


@dataclass
class Tally:
    graded: int = 0
    failed: int = 0
    already: int = 0  # lines whose request was graded before: skipped
    problems: list[str] = field(default_factory=list)
    more_problems: int = 0

    def problem(self, text: str) -> None:
        if len(self.problems) < SHOWN_PROBLEMS:
            self.problems.append(text)
        else:
            self.more_problems += 1


class Grading:
    """Turns one output record into a Feedback, with each question's rubric and schema loaded once."""

    def __init__(self, db: sqlite3.Connection, settings: Settings, endpoint_host: str | None) -> None:
        self.db, self.settings, self.endpoint_host = db, settings, endpoint_host
        self._key = settings.api_key.get_secret_value() if settings.api_key else None
        self._questions: dict[str, tuple[Any, Any, type[BaseModel]]] = {}

    def feedback(self, request: sqlite3.Row, record: dict) -> Feedback:
        from interviewer.domain.questions import Question
        from interviewer.domain.rubrics import Rubric

        qid = request["question_id"]
        if qid not in self._questions:
            row = self.db.execute("SELECT question, rubric FROM questions WHERE question_id = ?", (qid,)).fetchone()
            question, rubric = Question.model_validate_json(row[0]), Rubric.model_validate_json(row[1])
            self._questions[qid] = (question, rubric, grade_prompt(GradeRequest(question, rubric, ""), "")[1])
        question, rubric, output = self._questions[qid]
        body = _completion_body(record)
        content, usage = _content(body), _usage(body.get("usage"))
        try:
            value = reply_value(redact(content, self._key), output)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(map(str, first["loc"])) or "reply"
            raise LineFailed(f"the reply did not match the grade schema ({exc.error_count()} error(s); "
                             f"first: {where}: {first['msg']})") from None
        model = body.get("model") if isinstance(body.get("model"), str) else request["model"]
        settings = self.settings.model_copy(update={"model": model})
        graded, notes = capped(GradeRequest(question, rubric, request["answer"]))  # what the model read
        feedback = feedback_from_reply(graded, value, usage, 0.0, settings)
        provenance = feedback.provenance.model_copy(update={"endpoint_host": self.endpoint_host})
        return feedback.model_copy(update={"provenance": provenance, "notes": feedback.notes + notes})

    def shown(self, text: str) -> str:
        return printable(redact(text, self._key))


def _completion_body(record: dict) -> dict:
    """The chat completion of a line that succeeded, or LineFailed with the engine's own reason."""
    error, response = record.get("error"), record.get("response")
    if error:
        message = error.get("message") if isinstance(error, dict) else error
        code = error.get("code") if isinstance(error, dict) else None
        raise LineFailed(f"the engine reported an error{f' ({code})' if code else ''}: {str(message)[:300]}")
    if not isinstance(response, dict) or not isinstance(response.get("body"), dict):
        raise LineFailed("the line has no response body")
    status, body = response.get("status_code"), response["body"]
    if status != 200:
        detail = body.get("error", {}).get("message") if isinstance(body.get("error"), dict) else body.get("message")
        raise LineFailed(f"the engine answered HTTP {status}: {str(detail)[:300]}")
    return body


def _content(body: dict) -> str:
    try:
        choice = body["choices"][0]
        message = choice["message"]
    except (KeyError, IndexError, TypeError):
        raise LineFailed("the response body is not a chat completion") from None
    if choice.get("finish_reason") == "length":
        raise LineFailed("the reply was cut off at max_tokens; raise INTERVIEWER_MAX_TOKENS and resubmit")
    if choice.get("finish_reason") == "content_filter":
        raise LineFailed("the endpoint's content filter stopped the reply")
    if message.get("refusal"):
        raise LineFailed(f"the model refused to grade: {str(message['refusal'])[:300]}")
    if not isinstance(message.get("content"), str):
        raise LineFailed("the reply has no text content")
    return message["content"]


def _usage(usage: Any) -> Usage:
    if not isinstance(usage, dict):
        return Usage()
    details = usage.get("prompt_tokens_details")
    cached = token_count(details.get("cached_tokens", 0)) if isinstance(details, dict) else 0
    return Usage(token_count(usage.get("prompt_tokens")), token_count(usage.get("completion_tokens")), cached)


def record_lines(grading: Grading, lines: Iterable[tuple[str, bytes]], batch_id: str) -> Tally:
    """Grade and store each (where, raw line). Each problem is one line naming the line and the request."""
    tally, chunk = Tally(), []
    for where, raw in lines:
        chunk.append((where, raw))
        if len(chunk) >= _CHUNK:
            _record_chunk(grading, chunk, batch_id, tally)
            chunk = []
    if chunk:
        _record_chunk(grading, chunk, batch_id, tally)
    return tally


def _record_chunk(grading: Grading, chunk: list[tuple[str, bytes]], batch_id: str, tally: Tally) -> None:
    db = grading.db
    now = datetime.now(UTC).isoformat()
    with transaction(db):
        for where, raw in chunk:
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                cid = record["custom_id"]
            except (ValueError, KeyError, TypeError):
                tally.problem(f"{where}: not a batch output line (JSON with a custom_id); skipped")
                continue
            request = db.execute("SELECT * FROM requests WHERE custom_id = ?", (str(cid),)).fetchone()
            if request is None:
                tally.problem(f"{where}: custom_id {grading.shown(str(cid))[:80]!r} was not prepared here; skipped")
                continue
            if request["status"] == "graded":
                tally.already += 1
                continue
            try:
                feedback = grading.feedback(request, record)
            except LineFailed as exc:
                message = grading.shown(f"{where} ({cid}): {exc}")
                db.execute("UPDATE requests SET status = 'failed', error = ?, batch_id = ? WHERE custom_id = ?",
                           (message, batch_id, cid))
                tally.failed += 1
                tally.problem(message)
                continue
            db.execute("UPDATE requests SET status = 'graded', score = ?, feedback = ?, batch_id = ?, error = NULL, "
                       "collected_at = ? WHERE custom_id = ?",
                       (feedback.score, feedback.model_dump_json(), batch_id, now, cid))
            tally.graded += 1
