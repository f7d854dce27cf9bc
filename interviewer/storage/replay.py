"""Rebuild a session from stored events: damaged or unknown events are reported by location and
skipped; everything else still counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from interviewer.domain.session import SessionRecord
from interviewer.domain.events import Event, NewerEventError, apply, parse_event


@dataclass
class Replay:
    record: SessionRecord | None
    problems: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # the ones applied, upgraded to the current version


def rebuild(items: Iterable[tuple[str, Any]]) -> Replay:
    """`items`: (where it was read, the raw event) pairs in order."""
    result = Replay(None)
    for where, raw in items:
        if not isinstance(raw, dict) or "type" not in raw:
            result.problems.append(f"{where}: not an event; skipped")
            continue
        try:
            event = parse_event(raw)
            result.record = apply(result.record, event)
        except NewerEventError as exc:
            result.problems.append(f"{where}: {exc}; skipped")
        except (ValidationError, ValueError, TypeError) as exc:
            reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            result.problems.append(f"{where}: bad {raw.get('type')} event ({reason}); skipped")
        else:
            result.events.append(event)
    return result
