"""Schema migrations keyed by `PRAGMA user_version`: every earlier schema, with rows in it, upgrades in place
to the last one; each migration runs once, whole or not at all."""

from __future__ import annotations

import sqlite3

import pytest

from interviewer.drill.schedule import Schedule
from interviewer.storage.database import StorageError, connect, migrate, schema_version
from interviewer.storage.migrations import MIGRATIONS
from interviewer.storage.store import Store

# Rows as each schema held them (written with that schema's columns). A new migration adds its schema here,
# and the upgrade test then covers it.
ROWS_AT = {
    1: """
INSERT INTO sessions (id, started_at, ended_at, kind, mode, questions, answered, graded, average)
    VALUES ('20260105-090000-aaaa', '2026-01-05T09:00:00+00:00', '2026-01-05T09:10:00+00:00', 'mock', 'practice',
            2, 2, 1, 3.0);
INSERT INTO events (session_id, seq, type, at, body) VALUES ('20260105-090000-aaaa', 1, 'session_started',
    '2026-01-05T09:00:00+00:00', '{"v": 2, "type": "session_started", "at": "2026-01-05T09:00:00+00:00",
    "id": "20260105-090000-aaaa", "config": {"question_ids": ["dropout", "softmax"]}}');
INSERT INTO answers VALUES ('20260105-090000-aaaa', 0, 'dropout', '2026-01-05T09:00:00+00:00', 1, 0, 6.0);
INSERT INTO answers VALUES ('20260105-090000-aaaa', 1, 'softmax', '2026-01-05T09:00:00+00:00', 1, 1, NULL);
INSERT INTO missed VALUES ('20260105-090000-aaaa', 0, 'dropout', 'inference-off');
INSERT INTO grading_usage VALUES ('20260105-090000-aaaa', 'gpt-4o-mini', 900, 100, 200, 1);
INSERT INTO saved_answers (question_id, saved_at, answer) VALUES ('dropout', '2026-01-05T09:20:00+00:00',
    'Dropout zeroes units.');
INSERT INTO reviews VALUES ('dropout', '{"due": "2026-01-06", "reviews": 1, "last_score": 6.0}');
""",
}
ROWS_AT[2] = ROWS_AT[1]  # schema 2 changed an index only
ROWS_AT[3] = ROWS_AT[1]  # schema 3 recomputed the averages only
ROWS_AT[4] = ROWS_AT[1]  # schema 4 added an index only


def database_at(path, version: int) -> None:
    """A database as the interviewer that had schema `version` left it, with rows in it."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("BEGIN")
    for migration in MIGRATIONS[:version]:
        migration(db)
    db.executescript(f"PRAGMA user_version={version};")  # ends the transaction, as the released versions did
    db.executescript(ROWS_AT[version])
    db.close()


def test_every_schema_has_rows_to_upgrade():
    assert set(ROWS_AT) == set(range(1, len(MIGRATIONS) + 1))


@pytest.mark.parametrize("version", range(1, len(MIGRATIONS)))
def test_every_earlier_schema_upgrades_in_place_with_its_rows(tmp_path, version):
    database_at(tmp_path / "interviewer.db", version)
    store = Store(tmp_path)
    assert schema_version(store.db) == len(MIGRATIONS)
    [session] = store.sessions()
    assert (session.id, session.answered, session.graded, session.average) == ("20260105-090000-aaaa", 2, 1, 3.0)
    assert store.load("20260105").record.config.question_ids == ["dropout", "softmax"]
    progress = store.progress({"dropout": "regularization", "softmax": "fundamentals"})
    assert progress.topic_means == [("regularization", 6.0)] and progress.graded == 1
    assert progress.missed == [("dropout", "inference-off", 1)] and progress.usage == [("gpt-4o-mini", 900, 100, 200, 1)]
    assert store.saved_answers("dropout") == ["Dropout zeroes units."]
    assert Schedule.from_rows(store.review_rows()).items["dropout"].last_score == 6.0
    indexes = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "answers_scored" in indexes and "answers_by_question" not in indexes and "events_by_type" in indexes


def test_a_new_database_gets_the_last_schema_and_a_newer_one_is_refused(tmp_path):
    assert schema_version(Store(tmp_path).db) == len(MIGRATIONS)
    db = sqlite3.connect(tmp_path / "interviewer.db")
    db.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StorageError, match="newer interviewer"):
        connect(tmp_path / "interviewer.db")


def add_a_column(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE sessions ADD COLUMN note TEXT")


def test_a_column_added_by_a_later_migration_reaches_an_existing_database_once(tmp_path):
    database_at(tmp_path / "interviewer.db", len(MIGRATIONS))
    db = connect(tmp_path / "interviewer.db")
    migrate(db, [*MIGRATIONS, add_a_column])
    migrate(db, [*MIGRATIONS, add_a_column])  # a second open: ALTER TABLE would fail if it ran again
    assert "note" in {row[1] for row in db.execute("PRAGMA table_info(sessions)")}
    assert schema_version(db) == len(MIGRATIONS) + 1
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1


def test_a_failing_migration_leaves_the_schema_before_it_whole(tmp_path):
    def half_done(db: sqlite3.Connection) -> None:
        add_a_column(db)
        db.execute("INSERT INTO no_such_table VALUES (1)")

    database_at(tmp_path / "interviewer.db", len(MIGRATIONS))
    db = connect(tmp_path / "interviewer.db")
    with pytest.raises(sqlite3.OperationalError):
        migrate(db, [*MIGRATIONS, half_done])
    assert schema_version(db) == len(MIGRATIONS)
    assert "note" not in {row[1] for row in db.execute("PRAGMA table_info(sessions)")}
