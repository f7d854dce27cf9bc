"""Past interviews as fixed-width rows: `transcripts list` prints them with their ids (what the other
commands take); the history screen lists them without, to fit 80 columns (its report shows the id)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.storage.store import SessionSummary


def sessions_header(with_id: bool = True) -> str:
    return ((f"{'id':<22} " if with_id else "") +
            f"{'started':<17} {'kind':<6} {'mode':<9} {'answered':>8} {'average':>8}  status")


def session_row(s: SessionSummary, with_id: bool = True, under_way: bool = False) -> str:
    """`under_way`: the interview the app showing this row is running (not interrupted: still going)."""
    from interviewer.terminal import printable

    average = f"{s.average:.1f}" if s.average is not None else "—"
    # An id read from an older file is whatever that file said: no escape sequence of it reaches the terminal.
    return ((f"{printable(s.id):<22} " if with_id else "") + f"{s.started_at:%Y-%m-%d %H:%M}  {s.kind:<6} {s.mode:<9} "
            f"{s.answered:>4}/{s.questions:<3} {average:>8}  {'under way' if under_way else s.status}")
