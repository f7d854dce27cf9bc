"""`batch prepare`: answers into the batch state, then the pending requests into OpenAI batch JSONL shards.

Each line is `{"custom_id", "method": "POST", "url": "/v1/chat/completions", "body"}`, and the body is
the one online grading sends (llm.structured.request_body over openai_grader.grade_prompt), minus streaming.
The `custom_id` hashes what decides the grade (question, answer, rubric, prompt version, model): the same
answer prepared twice is one request, and a changed rubric or model is a new one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace

from pathlib import Path
from typing import BinaryIO, Final

from interviewer.batch.sources import CohortAnswer
from interviewer.batch.state import salt, transaction
from interviewer.domain.feedback import Feedback
from interviewer.errors import BadInputError
from interviewer.grading.base import GradeRequest
from interviewer.grading.gate import gate_reason
from interviewer.grading.openai_grader import GRADE_SCHEMA_NAME, grade_prompt
from interviewer.grading.prompts import PROMPT_VERSION, build_messages
from interviewer.grading.service import capped, gated_feedback
from interviewer.llm.structured import request_body
from interviewer.settings import Settings

MAX_LINES = 50_000  # the Batch API's limit on requests in one batch
MAX_BYTES = 200 * 1024 * 1024  # and on the size of its input file
ENDPOINT: Final = "/v1/chat/completions"
_CHUNK = 500  # answers stored per transaction


def custom_id(question_id: str, answer: str, rubric_hash: str, model: str) -> str:
    key = json.dumps([question_id, answer, rubric_hash, PROMPT_VERSION, model], ensure_ascii=False)
    return "grade-" + hashlib.sha256(key.encode()).hexdigest()[:32]


def add_answers(db: sqlite3.Connection, cohort: str, answers: Iterable[CohortAnswer], model: str) -> int:
    """Store the answers (again: nothing is added twice); returns how many were new."""
    added, chunk = 0, []
    for item in answers:
        chunk.append(item)
        if len(chunk) >= _CHUNK:
            added += _store(db, cohort, chunk, model)
            chunk = []
    return added + (_store(db, cohort, chunk, model) if chunk else 0)


def _store(db: sqlite3.Connection, cohort: str, chunk: list[CohortAnswer], model: str) -> int:
    added = 0
    with transaction(db):
        for item in chunk:
            rubric_hash = item.rubric.content_hash()
            cid = custom_id(item.question.id, item.answer, rubric_hash, model)
            db.execute("INSERT OR IGNORE INTO questions (question_id, question, rubric) VALUES (?, ?, ?)",
                       (item.question.id, item.question.model_dump_json(), item.rubric.model_dump_json()))
            # As online: an answer the validity gate stops scores 0 here, and is never sent.
            gated = gated_grade(GradeRequest(item.question, item.rubric, item.answer))
            db.execute("INSERT OR IGNORE INTO requests (custom_id, question_id, answer, model, status, score, feedback) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", (cid, item.question.id, item.answer, model,
                                                        "graded" if gated else "pending", gated and gated.score,
                                                        gated and gated.model_dump_json()))
            added += db.execute(
                "INSERT OR IGNORE INTO answers (cohort, candidate, question_id, custom_id, source_row, extra) "
                "VALUES (?, ?, ?, ?, ?, ?)", (cohort, item.candidate, item.question.id, cid, item.source_row,
                                              json.dumps(item.extra, ensure_ascii=False))).rowcount
    return added


def gated_grade(request: GradeRequest) -> Feedback | None:
    """The validity gate's grade (as `grading.service.grade` gives it), or None: the answer goes to the model."""
    request, notes = capped(request)
    reason = gate_reason(request.question, request.answer, request.follow_up_context)
    if not reason:
        return None
    feedback = gated_feedback(request, reason)
    return feedback.model_copy(update={"notes": feedback.notes + notes})


@dataclass
class ShardWriter:
    """Writes lines into `folder/shard-NNN.jsonl`, a new file before one would pass either limit."""

    folder: Path
    max_lines: int = MAX_LINES
    max_bytes: int = MAX_BYTES

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.written: list[tuple[Path, list[str]]] = []
        self._file: BinaryIO | None = None
        self._lines = self._bytes = 0

    def add(self, cid: str, line: bytes) -> None:
        if len(line) > self.max_bytes:
            raise BadInputError(f"request {cid} alone is {len(line):,} bytes, over the {self.max_bytes:,} bytes a "
                                "batch file may hold; raise --max-bytes (at most 200 MB)")
        if self._file is None or self._lines >= self.max_lines or self._bytes + len(line) > self.max_bytes:
            self._file = self._open()
        self._file.write(line)
        self._lines += 1
        self._bytes += len(line)
        self.written[-1][1].append(cid)

    def _open(self) -> BinaryIO:
        self.close()
        taken = {p.name for p in self.folder.glob("shard-*.jsonl")}
        n = next(i for i in range(1, 10**6) if f"shard-{i:03d}.jsonl" not in taken)
        path = self.folder / f"shard-{n:03d}.jsonl"
        self._lines = self._bytes = 0
        self.written.append((path, []))
        return path.open("wb")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def write_shards(db: sqlite3.Connection, settings: Settings, folder: Path, *, retry_failed: bool = False,
                 max_lines: int = MAX_LINES, max_bytes: int = MAX_BYTES) -> list[tuple[Path, int]]:
    """Every pending request (and failed ones with `retry_failed`) into new shards; returns (path, lines)."""
    from interviewer.domain.questions import Question
    from interviewer.domain.rubrics import Rubric

    if retry_failed:
        with transaction(db):
            db.execute("UPDATE requests SET status = 'pending', shard = NULL, batch_id = NULL WHERE status = 'failed'")
    secret = salt(db)
    writer = ShardWriter(folder, max_lines, max_bytes)
    templates: dict[tuple[str, str], tuple[Question, Rubric, dict]] = {}
    rows = db.execute("SELECT custom_id, question_id, answer, model FROM requests WHERE status = 'pending' "
                      "ORDER BY rowid")  # a cursor: the cohort is streamed, not held
    try:
        for row in rows:
            key = (row["question_id"], row["model"])
            if key not in templates:
                q = db.execute("SELECT question, rubric FROM questions WHERE question_id = ?", (key[0],)).fetchone()
                question, rubric = Question.model_validate_json(q[0]), Rubric.model_validate_json(q[1])
                _, output = grade_prompt(GradeRequest(question, rubric, ""), "")
                # The schema part of the body is the same for every answer to a question: built once.
                body = request_body(replace(settings.llm, model=row["model"]), [], output, GRADE_SCHEMA_NAME)
                templates[key] = (question, rubric, body)
            question, rubric, body = templates[key]
            nonce = hmac.new(secret, row["custom_id"].encode(), "sha256").hexdigest()[:16]
            request, _ = capped(GradeRequest(question, rubric, row["answer"]))  # the model reads what online reads
            messages = build_messages(request, nonce)
            line = {"custom_id": row["custom_id"], "method": "POST", "url": ENDPOINT, "body": {**body, "messages": messages}}
            writer.add(row["custom_id"], (json.dumps(line, ensure_ascii=False) + "\n").encode())
    finally:
        writer.close()
    with transaction(db):
        for path, cids in writer.written:
            db.execute("INSERT OR REPLACE INTO shards (path, lines) VALUES (?, ?)", (str(path), len(cids)))
            db.executemany("UPDATE requests SET status = 'queued', shard = ? WHERE custom_id = ?",
                           [(str(path), cid) for cid in cids])
    return [(path, len(cids)) for path, cids in writer.written]
