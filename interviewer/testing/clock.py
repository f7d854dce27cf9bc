"""A clock tests move by hand: no test waits on real time."""

from __future__ import annotations

from datetime import UTC, datetime


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self._elapsed = 0.0
        self._start = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def advance(self, seconds: float) -> None:
        self._elapsed += seconds

    def monotonic(self) -> float:
        return self._elapsed

    def wall(self) -> datetime:
        from datetime import timedelta

        return self._start + timedelta(seconds=self._elapsed)
