"""Sessions, their events and summary rows, saved `grade` answers and the review schedule, in one
SQLite file. Every write is one transaction: the event and the rows that summarise it move together.
`storage.opening.open_store` opens the user's store with the one-time import of older files."""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from interviewer.domain.session import SessionRecord
from interviewer.errors import BadInputError
from interviewer.locations import user_data_dir
from interviewer.storage.database import DATABASE_NAME, StorageError, connect, transaction
from interviewer.domain.events import Event, SessionStarted, apply
from interviewer.storage.replay import rebuild
from interviewer.storage.summary import ProgressRows, progress_rows, project, update_summary


@dataclass(frozen=True)
class StoredSession:
    record: SessionRecord
    problems: list[str]  # events that could not be read (location and why), skipped
    events: list[Event]  # the ones read, upgraded to the current version


@dataclass(frozen=True)
class SessionSummary:
    id: str
    started_at: datetime
    ended_at: datetime | None
    kind: str
    mode: str
    questions: int
    answered: int
    graded: int
    average: float | None

    @property
    def finished(self) -> bool:
        return self.ended_at is not None

    @property
    def status(self) -> str:
        return "finished" if self.finished else "interrupted"


class Store:
    def __init__(self, root: Path | None = None, id_suffix: str | None = None) -> None:
        self.root = root or user_data_dir()
        self.path = self.root / DATABASE_NAME
        self.id_suffix = id_suffix  # fixed in snapshot tests; random otherwise
        # What the one-time import of older files could not read (file, line, what), for the user to see;
        # set by storage.opening.open_store, which runs that import.
        self.import_problems: list[str] = []
        self._db: sqlite3.Connection | None = None

    @property
    def db(self) -> sqlite3.Connection:
        """Connected (and the schema migrated) on first use."""
        if self._db is None:
            self._db = connect(self.path)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- sessions ------------------------------------------------------------------------
    def new_session_id(self, started: datetime) -> str:
        return f"{started:%Y%m%d-%H%M%S}-{self.id_suffix or secrets.token_hex(2)}"

    def append(self, record: SessionRecord | None, event: Event, reviews: Mapping[str, str] | None = None) -> SessionRecord:
        """Store `event` with its projections and the review rows it moved (key -> state JSON) in one
        transaction, then apply it to `record` and return it: a grade is stored whole or not at all, and when
        the store refuses (disk full, read-only) `record` is left as it was: memory never shows what was not saved."""
        after = apply(record.model_copy(deep=True) if record else None, event)  # ValueError: does not fit
        try:
            with transaction(self.db) as db:
                if isinstance(event, SessionStarted):
                    self._insert_session(db, after)
                seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE session_id = ?",
                                 (after.id,)).fetchone()[0]
                self._insert_events(db, after.id, [event], first_seq=seq)
                project(db, after, event)
                if reviews:
                    self._save_reviews(db, reviews)
        except (sqlite3.Error, OverflowError) as exc:  # OverflowError: an integer SQLite cannot hold
            raise StorageError(f"cannot save to {self.path} ({exc}); free disk space or check permissions") from None
        return apply(record, event) if record else after

    def insert_imported(self, record: SessionRecord, events: list[Event], source: Path) -> bool:
        """A whole session from an older format; False if one with its id is already stored."""
        with transaction(self.db) as db:
            if db.execute("SELECT 1 FROM sessions WHERE id = ?", (record.id,)).fetchone():
                return False
            self._insert_session(db, record, imported_from=str(source))
            self._insert_events(db, record.id, events, first_seq=1)
            update_summary(db, record)
        return True

    @staticmethod
    def _insert_session(db: sqlite3.Connection, record: SessionRecord, imported_from: str | None = None) -> None:
        db.execute("INSERT INTO sessions (id, started_at, kind, mode, questions, imported_from) VALUES (?, ?, ?, ?, ?, ?)",
                   (record.id, record.started_at.isoformat(), record.config.kind, record.config.mode,
                    len(record.records), imported_from))

    @staticmethod
    def _insert_events(db: sqlite3.Connection, session_id: str, events: Iterable[Event], first_seq: int) -> None:
        db.executemany("INSERT INTO events (session_id, seq, type, at, body) VALUES (?, ?, ?, ?, ?)",
                       [(session_id, seq, e.type, e.at.isoformat(), e.model_dump_json())
                        for seq, e in enumerate(events, first_seq)])

    def delete(self, session_id: str) -> bool:
        """Remove an interview (exact id) with its events and summary rows, in one transaction; False if
        there was none. The review schedule keeps what its grades taught it: those answers were given."""
        try:
            with transaction(self.db) as db:
                for table in ("events", "answers", "missed", "grading_usage"):
                    db.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))
                return db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount == 1
        except sqlite3.Error as exc:
            raise StorageError(f"cannot delete from {self.path} ({exc}); check permissions") from None

    def load(self, session_id: str) -> StoredSession:
        """A session by id or a unique prefix of one, rebuilt from its events."""
        pattern = session_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        ids = [row[0] for row in self.db.execute(
            "SELECT id FROM sessions WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 6", (pattern,))]
        if len(ids) != 1:
            raise BadInputError(self._unmatched(session_id, ids), title="Unknown transcript")
        replay = rebuild((f"{self.path} session {ids[0]} event {row['seq']}", json.loads(row["body"]))
                         for row in self.db.execute("SELECT seq, body FROM events WHERE session_id = ? ORDER BY seq",
                                                    (ids[0],)))
        if replay.record is None:
            raise BadInputError("; ".join(replay.problems), title="Unreadable transcript")
        return StoredSession(replay.record, replay.problems, replay.events)

    def _unmatched(self, session_id: str, prefixed: list[str]) -> str:
        """Why `session_id` names no one interview: the ones it could mean, or the nearest ids."""
        if prefixed:
            more = ", …" if len(prefixed) > 5 else ""
            return (f"{session_id!r} could be any of {', '.join(prefixed[:5])}{more}; give more of the id")
        import difflib

        near = difflib.get_close_matches(session_id, [row[0] for row in self.db.execute("SELECT id FROM sessions")], n=3)
        suggestion = f"; did you mean {' or '.join(near)}?" if near else ""
        return f"no transcript matches {session_id!r}{suggestion} `interviewer transcripts list` shows the ids"

    def event_lines(self, session_id: str) -> list[str]:
        """The stored events as JSON lines (the `jsonl` export)."""
        return [row[0] for row in self.db.execute("SELECT body FROM events WHERE session_id = ? ORDER BY seq",
                                                   (session_id,))]

    def sessions(self, *, interrupted_only: bool = False, limit: int = -1, offset: int = 0) -> list[SessionSummary]:
        """Newest first, from the summary rows alone; `limit` and `offset` page through them."""
        where = "WHERE ended_at IS NULL" if interrupted_only else ""
        rows = self.db.execute(
            f"SELECT id, started_at, ended_at, kind, mode, questions, answered, graded, average FROM sessions {where} "
            "ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?", (limit, offset))
        return [SessionSummary(row[0], datetime.fromisoformat(row[1]), _when(row[2]), *row[3:]) for row in rows]

    def interrupted(self) -> list[SessionSummary]:
        """Sessions that started but never ended (crash, kill, closed terminal), newest first."""
        return self.sessions(interrupted_only=True)

    def progress(self, topic_of: dict[str, str], recent: int | None = None) -> ProgressRows:
        """What stats and the progress screen show, aggregated from the summary rows; `recent`: only each
        topic's last `recent` sessions' scores."""
        return progress_rows(self.db, topic_of, recent)

    # --- answers given to `interviewer grade` ------------------------------------------------
    def save_answer(self, question_id: str, answer: str, at: datetime, imported_from: str | None = None) -> int:
        try:
            with transaction(self.db) as db:
                cursor = db.execute("INSERT OR IGNORE INTO saved_answers (question_id, saved_at, answer, imported_from) "
                                    "VALUES (?, ?, ?, ?)", (question_id, at.isoformat(), answer, imported_from))
        except sqlite3.Error as exc:
            raise StorageError(f"cannot save the answer to {self.path} ({exc}); free disk space or check "
                               "permissions") from None
        return cursor.lastrowid or 0  # 0: already imported (INSERT OR IGNORE)

    def saved_answers(self, question_id: str) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT answer FROM saved_answers WHERE question_id = ? ORDER BY id",
                                                   (question_id,))]

    # --- the review schedule: rows of (key, state JSON); drill.schedule gives them meaning ------------
    def review_rows(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, state FROM reviews").fetchall())

    def save_reviews(self, reviews: Mapping[str, str]) -> None:
        """Only the rows this process changed, so two processes never undo each other's reviews."""
        try:
            with transaction(self.db) as db:
                self._save_reviews(db, reviews)
        except sqlite3.Error as exc:
            raise StorageError(f"cannot save the review schedule to {self.path} ({exc})") from None

    @staticmethod
    def _save_reviews(db: sqlite3.Connection, reviews: Mapping[str, str]) -> None:
        db.executemany("INSERT OR REPLACE INTO reviews (key, state) VALUES (?, ?)", list(reviews.items()))


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
