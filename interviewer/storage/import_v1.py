"""One-time import of interviewer 0.1's files: `sessions/*.jsonl` transcripts, `schedule.json` and
`answers/*.txt`. Idempotent (each file is recorded once imported) and the originals are kept.
A damaged line costs only that line: a bad byte, bad JSON or a torn last line is reported with file
and line and skipped."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from interviewer.drill.schedule import Schedule
from interviewer.storage.database import transaction
from interviewer.storage.replay import rebuild
from interviewer.storage.store import Store

ANSWER_NAME = re.compile(r"^(\d{8}-\d{6})-(.+)\.txt$")


def import_v1(store: Store, root: Path) -> list[str]:
    """Import whatever has not been imported yet; returns the problems found, each located."""
    seen = _fingerprint(root)
    if seen == _stored_fingerprint(store):  # nothing was added since the last look: no listing of old files
        return []
    pending = [p for p in [*sorted((root / "sessions").glob("*.jsonl")), root / "schedule.json",
                           *sorted((root / "answers").glob("*.txt"))] if p.is_file()]
    problems: list[str] = []
    with transaction(store.db) as db:  # one commit for the whole import: all of it or none
        # Read under the write lock: a second process opening the folder at the same time waits, then
        # finds the files already imported.
        done = {row[0] for row in db.execute("SELECT path FROM imported_files")}
        pending = [p for p in pending if str(p) not in done]
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('v1_fingerprint', ?)", (seen,))
        for path in pending:
            if path.suffix == ".jsonl":
                problems += _import_transcript(store, path)
            elif path.suffix == ".json":
                problems += _import_schedule(store, path)
            else:
                problems += _import_answer(store, path)
            db.execute("INSERT OR IGNORE INTO imported_files (path, imported_at) VALUES (?, ?)",
                       (str(path), datetime.now(UTC).isoformat()))
    return problems


def _fingerprint(root: Path) -> str:
    """Changes when a v1 file is added to or removed from the data folder (directory mtimes)."""
    stamps = []
    for path in (root / "sessions", root / "answers", root / "schedule.json"):
        try:
            stamps.append(str(path.stat().st_mtime_ns))
        except OSError:
            stamps.append("-")
    return " ".join(stamps)


def _stored_fingerprint(store: Store) -> str | None:
    row = store.db.execute("SELECT value FROM meta WHERE key = 'v1_fingerprint'").fetchone()
    return row[0] if row else None


def read_jsonl(path: Path) -> Iterator[tuple[str, Any]]:
    """(location, parsed line) for each line that decodes; a problem string's location for the rest."""
    lines = path.read_bytes().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for number, raw in enumerate(lines, 1):
        where = f"{path}:{number}"
        if not raw.strip():
            continue
        try:
            yield where, json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            yield where, _Problem("not UTF-8 text")
        except json.JSONDecodeError as exc:
            yield where, _Problem("truncated last line (the app stopped while writing it)" if number == len(lines)
                                  else f"not JSON ({exc.msg})")


class _Problem(str):
    """A line that could not be read at all."""


def _import_transcript(store: Store, path: Path) -> list[str]:
    problems: list[str] = []

    def readable() -> Iterator[tuple[str, Any]]:
        for where, item in read_jsonl(path):
            if isinstance(item, _Problem):
                problems.append(f"{where}: {item}; skipped")
            else:
                yield where, item

    try:
        replay = rebuild(readable())
    except OSError as exc:
        return [f"{path}: cannot be read ({exc.strerror}); not imported"]
    problems += replay.problems
    if replay.record is None:
        return problems + [f"{path}: no session in it; not imported"]
    if not store.insert_imported(replay.record, replay.events, path):
        problems.append(f"{path}: session {replay.record.id} is already in the database; not imported again")
    return problems


def _import_schedule(store: Store, path: Path) -> list[str]:
    try:
        schedule = Schedule.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError) as exc:
        return [f"{path}: unreadable ({exc.__class__.__name__}); the review schedule starts afresh"]
    existing = Schedule.from_rows(store.review_rows())
    newer = [k for k, state in schedule.items.items() if k not in existing.items or existing.items[k].reviews < state.reviews]
    store.save_reviews(schedule.rows(newer))
    return []


def _import_answer(store: Store, path: Path) -> list[str]:
    match = ANSWER_NAME.match(path.name)
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        return [f"{path}: cannot be read ({exc.strerror}); not imported"]
    saved = datetime.strptime(match[1], "%Y%m%d-%H%M%S").replace(tzinfo=UTC) if match else \
        datetime.fromtimestamp(path.stat().st_mtime, UTC)
    store.save_answer(match[2] if match else path.stem, text, saved, imported_from=str(path))
    return [f"{path}: not UTF-8; bad bytes replaced with U+FFFD"] if "\ufffd" in text else []
