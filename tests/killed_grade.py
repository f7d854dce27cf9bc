"""Grades an interview's one answer and dies just before a chosen SQL statement of the grade runs:
`python killed_grade.py DATA_DIR STATEMENT_PREFIX`. Used by test_grade_transaction.py.

The data folder holds an interview (SESSION_ID) whose answer was submitted and never graded.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from interviewer.bank import load_bank
from interviewer.testing.clock import FakeClock
from interviewer.engine.coach import Coach
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.storage.store import Store

SESSION_ID = "graded-once"
KILLED = 9

if __name__ == "__main__":
    store, prefix = Store(Path(sys.argv[1])), sys.argv[2]
    coach = Coach(bank=load_bank(), store=store, clock=FakeClock(), grader=ScriptedGrader())
    [job] = coach.resume(SESSION_ID)

    def die_before(statement: str) -> None:
        if statement.startswith(prefix):
            os._exit(KILLED)  # no rollback, no close: what a kill -9 or a power cut leaves

    store.db.set_trace_callback(die_before)
    asyncio.run(coach.grade(job))
