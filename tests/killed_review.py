"""Reviews two verdicts, then waits to be killed: `python killed_review.py DATA_DIR`. Used by
test_verdict_review.py's SIGKILL test. Prints `ready ` and the record it holds in memory after the reviews."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from interviewer.bank import load_bank
from interviewer.domain.feedback import Verdict
from interviewer.domain.session import SessionConfig
from interviewer.engine.clock import SystemClock
from interviewer.engine.coach import Coach, GradeJob
from interviewer.engine.interview import Interview
from interviewer.storage.store import Store
from interviewer.testing.fake_grader import ScriptedGrader

SESSION_ID = "killed-review"

if __name__ == "__main__":
    store, clock = Store(Path(sys.argv[1])), SystemClock()
    coach = Coach(bank=load_bank(), store=store, clock=clock, grader=ScriptedGrader())
    config = SessionConfig(question_ids=["dropout"], mode="practice", seconds_per_question=300)
    coach.interview = Interview.start(config, store, clock, session_id=SESSION_ID)
    coach.submit("Dropout does random-zeroing of units during training and is a regularization method.")
    asyncio.run(coach.grade(GradeJob(0)))
    coach.review(GradeJob(0), "redundant-representations", Verdict.COVERED, "said it")
    coach.review(GradeJob(0), "inference-off", Verdict.PARTIAL)
    print("ready", coach.live.record.model_dump_json(), flush=True)
    sys.stdin.readline()
