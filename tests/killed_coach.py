"""Drives a coach until it is killed: `python killed_coach.py DATA_DIR`. Used by test_store.py's SIGKILL test.

Submits answers to the first two questions of a strict interview, saves a draft of the third, prints
`ready` and waits on stdin for the SIGKILL that never lets it close anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

from interviewer.bank import load_bank
from interviewer.domain.session import SessionConfig
from interviewer.engine.clock import SystemClock
from interviewer.engine.coach import Coach
from interviewer.engine.interview import Interview
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.storage.store import Store

SESSION_ID = "killed"
QUESTIONS = ["dropout", "softmax", "backpropagation"]
ANSWERS = ["Dropout zeroes random units while training.", "Softmax turns logits into probabilities."]
DRAFT = "Backpropagation applies the chain rule"

if __name__ == "__main__":
    store, clock = Store(Path(sys.argv[1])), SystemClock()
    coach = Coach(bank=load_bank(), store=store, clock=clock, grader=ScriptedGrader())
    config = SessionConfig(question_ids=QUESTIONS, mode="strict", seconds_per_question=300)
    coach.interview = Interview.start(config, store, clock, session_id=SESSION_ID)
    for answer in ANSWERS:
        coach.submit(answer)  # strict, no follow-ups: straight on to the next question
    coach.save_draft(DRAFT)
    print("ready", flush=True)
    sys.stdin.readline()
