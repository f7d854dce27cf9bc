"""Append-only JSON-lines journal, one file per session, fsync'd per event.

Why JSON lines and not SQLite: each event is one line appended and fsync'd, so a killed process loses
at most the event being written, and a torn last line is detected and skipped on replay; the files stay
readable with any text tool. Files are 0600, folders 0700. No secrets are ever passed in.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from interviewer.domain.feedback import Feedback
from interviewer.domain.session import FollowUp, QuestionRecord, SessionConfig, SessionRecord

FORMAT_VERSION = 1


def ensure_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


class Journal:
    """Writes events for one session. Every write is flushed and fsync'd before returning."""

    def __init__(self, path: Path) -> None:
        ensure_private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self.path = path
        self._file = os.fdopen(fd, "a", encoding="utf-8")

    def write(self, event_type: str, at: datetime, **payload: Any) -> None:
        line = json.dumps({"v": FORMAT_VERSION, "type": event_type, "at": at.isoformat(), **payload},
                          ensure_ascii=False, default=_json_default)
        self._file.write(line + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()


def _json_default(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


@dataclass
class Replay:
    record: SessionRecord | None
    problems: list[str] = field(default_factory=list)


def replay(path: Path) -> Replay:
    """Rebuild a session from its journal. Bad lines are reported (file:line: what) and skipped."""
    problems: list[str] = []
    record: SessionRecord | None = None
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        return Replay(None, [f"{path}: cannot be read ({exc})"])
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:
            what = "truncated last line (the app stopped while writing it)" if number == len(lines) else f"not JSON ({exc.msg})"
            problems.append(f"{path}:{number}: {what}; skipped")
            continue
        if not isinstance(event, dict) or "type" not in event:
            problems.append(f"{path}:{number}: not an event; skipped")
            continue
        if event.get("v", 0) > FORMAT_VERSION:
            problems.append(f"{path}:{number}: written by a newer interviewer (format {event['v']}); "
                            f"upgrade to read it; skipped")
            continue
        try:
            record = _apply(record, event)
        except (KeyError, IndexError, TypeError, ValueError, ValidationError) as exc:
            problems.append(f"{path}:{number}: bad {event.get('type')} event ({exc.__class__.__name__}); skipped")
    if record is None and not problems:
        problems.append(f"{path}: empty transcript")
    return Replay(record, problems)


def _apply(record: SessionRecord | None, event: dict[str, Any]) -> SessionRecord:
    kind, at = event["type"], datetime.fromisoformat(event["at"])
    if kind == "session_started":
        config = SessionConfig.model_validate(event["config"])
        return SessionRecord(id=event["id"], started_at=at, config=config,
                             records=[QuestionRecord(question_id=q) for q in config.question_ids])
    if record is None:
        raise ValueError("event before session_started")
    if kind == "session_ended":
        record.ended_at = at
        return record
    item = record.records[event["index"]]
    if kind == "question_asked":
        item.asked_at = at
        item.seconds_allowed = event.get("seconds_allowed")
    elif kind == "draft_saved":
        item.draft = event["text"]
    elif kind == "answer_submitted":
        item.answer = event["answer"]
        item.submitted_at = at
        item.draft = event["answer"]
        for key in ("seconds_used", "over_time", "overrun_seconds", "skipped"):
            setattr(item, key, event[key])
    elif kind == "feedback_received":
        feedback = Feedback.model_validate(event["feedback"])
        target = item.follow_ups[event["follow_up"]] if event.get("follow_up") is not None else item
        target.feedback = feedback
        item.grading_error = None
        if event.get("recovered") is not None:
            item.follow_ups[event["follow_up"]].recovered = event["recovered"]
    elif kind == "grading_failed":
        item.grading_error = event["error"]
    elif kind == "hint_shown":
        item.hints.append(event["hint"])
    elif kind == "follow_up_asked":
        item.follow_ups.append(FollowUp(text=event["text"], target_point=event.get("target_point")))
    elif kind == "follow_up_answered":
        item.follow_ups[event["follow_up"]].answer = event["answer"]
    else:
        raise ValueError(f"unknown event type {kind!r}")
    return record
