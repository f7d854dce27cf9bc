"""One overall time budget per call: every request, retry and wait of it ends by the deadline."""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]


class Deadline:
    def __init__(self, budget: float, clock: Clock = time.monotonic) -> None:
        self.budget = budget
        self.clock = clock
        self.started = clock()

    def elapsed(self) -> float:
        return self.clock() - self.started

    def remaining(self) -> float:
        return self.budget - self.elapsed()
