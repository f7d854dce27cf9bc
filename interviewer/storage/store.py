"""Where transcripts live, and finding them again."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from interviewer.errors import BadInputError
from interviewer.locations import user_data_dir
from interviewer.storage.journal import Journal, Replay, ensure_private_dir, replay


@dataclass
class StoredSession:
    path: Path
    replay: Replay


class SessionStore:
    def __init__(self, root: Path | None = None, id_suffix: str | None = None) -> None:
        self.root = root or user_data_dir() / "sessions"
        self.id_suffix = id_suffix  # fixed in snapshot tests; random otherwise

    def new_journal(self, started: datetime, session_id: str | None = None) -> tuple[str, Journal]:
        ensure_private_dir(self.root)
        session_id = session_id or f"{started:%Y%m%d-%H%M%S}-{self.id_suffix or secrets.token_hex(2)}"
        return session_id, Journal(self.path_of(session_id))

    def path_of(self, session_id: str) -> Path:
        return self.root / f"{session_id}.jsonl"

    def open_journal(self, session_id: str) -> Journal:
        return Journal(self.path_of(session_id))

    def all(self) -> list[StoredSession]:
        """Every transcript, oldest first; unreadable parts are in each replay's problems."""
        if not self.root.is_dir():
            return []
        return [StoredSession(path, replay(path)) for path in sorted(self.root.glob("*.jsonl"))]

    def load(self, session_id: str) -> StoredSession:
        """By id, or by a unique prefix of one."""
        matches = sorted(self.root.glob(f"{session_id}*.jsonl")) if self.root.is_dir() else []
        if len(matches) != 1:
            hint = "no transcript" if not matches else f"{len(matches)} transcripts"
            raise BadInputError(f"{hint} matches {session_id!r}; `interviewer transcripts list` shows the ids",
                                title="Unknown transcript")
        stored = StoredSession(matches[0], replay(matches[0]))
        if stored.replay.record is None:
            raise BadInputError("; ".join(stored.replay.problems), title="Unreadable transcript")
        return stored

    def interrupted(self) -> list[StoredSession]:
        """Sessions that started but never ended (crash, kill, closed terminal), newest first."""
        return [s for s in reversed(self.all()) if s.replay.record and not s.replay.record.finished]
