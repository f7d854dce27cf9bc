"""Past interviews as fixed-width rows: `transcripts list` prints them and the history screen lists them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.storage.store import SessionSummary

SESSIONS_HEADER = f"{'id':<22} {'started':<17} {'kind':<6} {'mode':<9} {'answered':>8} {'average':>8}  status"


def session_row(s: SessionSummary) -> str:
    average = f"{s.average:.1f}" if s.average is not None else "—"
    return (f"{s.id:<22} {s.started_at:%Y-%m-%d %H:%M}  {s.kind:<6} {s.mode:<9} "
            f"{s.answered:>4}/{s.questions:<3} {average:>8}  {s.status}")
