"""The one SQLite database in the data directory: schema, connection settings, transactions.

Why SQLite: history, progress and the transcript list run indexed queries over summary rows instead
of replaying every interview; two processes (the app and `interviewer grade`) write safely at once;
any tool (`sqlite3`, Datasette) can open the file. WAL with synchronous=FULL: a commit is on disk
before the call returns, so a killed process loses nothing it was told was saved.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from interviewer.errors import InterviewerError

SCHEMA_VERSION = 2  # 2: answers_scored replaces answers_by_question
DATABASE_NAME = "interviewer.db"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    kind TEXT NOT NULL,
    mode TEXT NOT NULL,
    questions INTEGER NOT NULL,
    answered INTEGER NOT NULL DEFAULT 0,
    graded INTEGER NOT NULL DEFAULT 0,
    average REAL,
    imported_from TEXT
);
CREATE INDEX IF NOT EXISTS sessions_by_start ON sessions (started_at);
CREATE INDEX IF NOT EXISTS sessions_open ON sessions (ended_at, started_at);
CREATE TABLE IF NOT EXISTS events (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
);
-- One row per question of a session, kept in step with its events: what stats and progress read.
CREATE TABLE IF NOT EXISTS answers (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    idx INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    answered INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    score REAL,
    PRIMARY KEY (session_id, idx)
);
CREATE INDEX IF NOT EXISTS answers_in_order ON answers (started_at, session_id, question_id, score);
DROP INDEX IF EXISTS answers_by_question;
CREATE INDEX IF NOT EXISTS answers_scored ON answers (question_id, score);  -- graded per question, from the index alone
-- One row per key point a graded answer missed or contradicted: the most-missed points, counted in SQL.
CREATE TABLE IF NOT EXISTS missed (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    idx INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    point_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS missed_by_session ON missed (session_id);
CREATE INDEX IF NOT EXISTS missed_by_point ON missed (question_id, point_id);
-- Tokens each interview's grades used, per model: what grading cost, summed without replaying events.
CREATE TABLE IF NOT EXISTS grading_usage (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    model TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    cached_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    grades INTEGER NOT NULL,
    PRIMARY KEY (session_id, model)
);
-- Answers given to `interviewer grade`, saved before grading.
CREATE TABLE IF NOT EXISTS saved_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    answer TEXT NOT NULL,
    imported_from TEXT UNIQUE
);
-- The SM-2 review schedule: one row per question or question#point.
CREATE TABLE IF NOT EXISTS reviews (key TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS imported_files (path TEXT PRIMARY KEY, imported_at TEXT NOT NULL);
"""


class StorageError(InterviewerError):
    title = "Cannot save"


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating, private to the user) the database at `path` with our settings and schema."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        connection = sqlite3.connect(path, timeout=15, isolation_level=None, check_same_thread=False)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StorageError(f"{path} was written by a newer interviewer (schema {version}); upgrade interviewer "
                               "to open it", title="Newer database")
        if version < SCHEMA_VERSION:
            with transaction(connection):
                for statement in filter(str.strip, SCHEMA.split(";")):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except sqlite3.Error as exc:
        raise damaged(path, exc) if is_damage(exc) else unopened(path, exc) from None
    except OSError as exc:
        raise unopened(path, exc) from None
    return connection


def unopened(path: Path, exc: Exception) -> StorageError:
    return StorageError(f"cannot open the database {path} ({exc}). Check that the folder is writable and the disk "
                        "is not full; INTERVIEWER_HOME relocates it.")


def is_damage(exc: Exception) -> bool:
    """SQLite's own word that the file is damaged ("file is not a database", "database disk image is malformed"),
    as opposed to its operational errors (locked, read-only, disk full), which are subclasses."""
    return type(exc) is sqlite3.DatabaseError


def damaged(path: Path, exc: Exception) -> StorageError:
    return StorageError(
        f"the database {path} is damaged ({exc}). Keep a copy of it, then recover what it holds: "
        f"`sqlite3 {path} .recover | sqlite3 recovered.db` and put recovered.db in its place; or move it away "
        "to start with an empty history.", title="Damaged database")


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE: take the write lock up front so two processes queue instead of failing mid-way.
    Inside an open transaction it joins that one (the v1 import is one transaction)."""
    if connection.in_transaction:
        yield connection
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
