"""The database schema as an ordered list of migrations, keyed by SQLite's `PRAGMA user_version`.

Migration n (1-based) takes a database at schema n-1 to schema n; the missing ones are applied in the missing ones in
order (`database.connect` does), each in its own transaction together with the version bump, so a
crash mid-upgrade leaves the last whole schema. Append a function to change the schema; never edit one that has shipped (databases
out there are already past it). `CREATE ... IF NOT EXISTS` is no upgrade: an `ALTER TABLE` belongs in a
new migration, where it runs exactly once on every existing database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def _run(db: sqlite3.Connection, script: str) -> None:
    """Statement by statement: `executescript` would commit the migration's transaction half-way."""
    for statement in filter(str.strip, script.split(";")):
        db.execute(statement)


def m001_initial(db: sqlite3.Connection) -> None:
    _run(db, """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sessions (
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
CREATE INDEX sessions_by_start ON sessions (started_at);
CREATE INDEX sessions_open ON sessions (ended_at, started_at);
CREATE TABLE events (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
);
-- One row per question of a session, kept in step with its events: what stats and progress read.
CREATE TABLE answers (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    idx INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    answered INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    score REAL,
    PRIMARY KEY (session_id, idx)
);
CREATE INDEX answers_in_order ON answers (started_at, session_id, question_id, score);
CREATE INDEX answers_by_question ON answers (question_id);
-- One row per key point a graded answer missed or contradicted: the most-missed points, counted in SQL.
CREATE TABLE missed (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    idx INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    point_id TEXT NOT NULL
);
CREATE INDEX missed_by_session ON missed (session_id);
CREATE INDEX missed_by_point ON missed (question_id, point_id);
-- Tokens each interview's grades used, per model: what grading cost, summed without replaying events.
CREATE TABLE grading_usage (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    model TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    cached_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    grades INTEGER NOT NULL,
    PRIMARY KEY (session_id, model)
);
-- Answers given to `interviewer grade`, saved before grading.
CREATE TABLE saved_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    answer TEXT NOT NULL,
    imported_from TEXT UNIQUE
);
-- The SM-2 review schedule: one row per question or question#point.
CREATE TABLE reviews (key TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE imported_files (path TEXT PRIMARY KEY, imported_at TEXT NOT NULL)
""")


def m002_answers_scored(db: sqlite3.Connection) -> None:
    """Graded answers per question counted from the index alone (the progress screen's count)."""
    _run(db, """
DROP INDEX answers_by_question;
CREATE INDEX answers_scored ON answers (question_id, score)
""")


def m003_unreached_not_zeros(db: sqlite3.Connection) -> None:
    """Averages stored before #25 counted the questions an interview ended before reaching as 0 (one
    accidental ctrl+t turned a 9.8 into 2.0): recompute them from the answer rows as `SessionRecord.average`
    now counts, graded scores and 0 for each skip."""
    _run(db, """
UPDATE sessions SET average = (
    SELECT AVG(CASE WHEN skipped THEN 0.0 ELSE score END) FROM answers
    WHERE answers.session_id = sessions.id AND (score IS NOT NULL OR skipped))
""")


def m004_events_by_type(db: sqlite3.Connection) -> None:
    """The candidate's verdict reviews found without reading every event (`interviewer agreement`)."""
    _run(db, "CREATE INDEX events_by_type ON events (type, session_id)")


MIGRATIONS: list[Migration] = [m001_initial, m002_answers_scored, m003_unreached_not_zeros, m004_events_by_type]
