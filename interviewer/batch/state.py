"""Bulk grading's own SQLite file (`batch.db` in the data folder): what was prepared, submitted, collected.

Every step reads and writes it, so each can be re-run: an answer already stored is not added twice, a
shard already submitted is not uploaded again, a request already graded is never graded again (its grade
is written once, in the transaction that marks it graded). The interview store is left alone: a cohort's
grades are not the user's own practice history.

A request is one unique (question, answer, rubric, prompt version, model): two candidates who gave the same
answer share it, and its grade. Request statuses: pending (to be written to a shard), queued (in a shard
not yet submitted), submitted (in a batch), graded, failed (can be written again by `prepare --retry`).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path

from interviewer.errors import InterviewerError
from interviewer.storage.database import transaction

__all__ = ["connect", "counts", "salt", "state_path", "transaction"]

STATE_NAME = "batch.db"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS questions (question_id TEXT PRIMARY KEY, question TEXT NOT NULL, rubric TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requests (
    custom_id TEXT PRIMARY KEY,
    question_id TEXT NOT NULL REFERENCES questions (question_id),
    answer TEXT NOT NULL,
    model TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    shard TEXT,
    batch_id TEXT,
    error TEXT,
    score REAL,
    feedback TEXT,
    collected_at TEXT
);
CREATE INDEX IF NOT EXISTS requests_by_status ON requests (status);
CREATE INDEX IF NOT EXISTS requests_by_batch ON requests (batch_id, status);
CREATE TABLE IF NOT EXISTS answers (
    cohort TEXT NOT NULL,
    candidate TEXT NOT NULL,
    question_id TEXT NOT NULL,
    custom_id TEXT NOT NULL REFERENCES requests (custom_id),
    source_row TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    UNIQUE (cohort, candidate, question_id, custom_id)
);
CREATE INDEX IF NOT EXISTS answers_by_cohort ON answers (cohort, candidate);
CREATE TABLE IF NOT EXISTS shards (
    path TEXT PRIMARY KEY,
    lines INTEGER NOT NULL,
    file_id TEXT,
    batch_id TEXT
);
CREATE TABLE IF NOT EXISTS batches (
    batch_id TEXT PRIMARY KEY,
    shard TEXT NOT NULL,
    status TEXT NOT NULL,
    collected INTEGER NOT NULL DEFAULT 0
);
"""


class BatchStateError(InterviewerError):
    title = "Batch state"


def state_path(root: Path) -> Path:
    return root / STATE_NAME


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating, private to the user) the batch state. WAL with synchronous=FULL, as the store: a
    grade reported collected is on disk, so a killed `collect` loses nothing it counted."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        db = sqlite3.connect(path, timeout=15, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(SCHEMA)
    except (OSError, sqlite3.Error) as exc:
        raise BatchStateError(f"cannot open the batch state {path} ({exc}). Check that the folder is writable "
                              "and the disk is not full; INTERVIEWER_HOME relocates it.") from None
    return db


def salt(db: sqlite3.Connection) -> bytes:
    """A random secret of this data folder: the prompt's markers are derived from it and the request, so a
    re-prepared line is byte-identical while a candidate still cannot guess the marker."""
    row = db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
    if row:
        return bytes.fromhex(row[0])
    with transaction(db):
        db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?)", (secrets.token_hex(16),))
    return bytes.fromhex(db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()[0])


def counts(db: sqlite3.Connection) -> dict[str, int]:
    """Requests per status."""
    return {row[0]: row[1] for row in db.execute("SELECT status, COUNT(*) FROM requests GROUP BY status")}
