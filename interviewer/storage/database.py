"""The one SQLite database in the data directory: connection settings, migrations run on open, transactions.

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
from interviewer.storage.migrations import MIGRATIONS, Migration

DATABASE_NAME = "interviewer.db"


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
        version = schema_version(connection)
        if version > len(MIGRATIONS):
            raise StorageError(f"{path} was written by a newer interviewer (schema {version}); upgrade interviewer "
                               "to open it", title="Newer database")
        migrate(connection)
    except sqlite3.Error as exc:
        raise damaged(path, exc) if is_damage(exc) else unopened(path, exc) from None
    except OSError as exc:
        raise unopened(path, exc) from None
    return connection


def migrate(connection: sqlite3.Connection, migrations: list[Migration] = MIGRATIONS) -> None:
    """Apply the migrations the database has not had, in order, each with its version in one transaction."""
    for version, migration in enumerate(migrations[schema_version(connection):], schema_version(connection) + 1):
        with transaction(connection):
            if schema_version(connection) < version:  # read under the lock: another process may have run it
                migration(connection)
                connection.execute(f"PRAGMA user_version={version}")


def schema_version(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA user_version").fetchone()[0]


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
