"""Which questions are held out: anything chosen on labelled answers (scoring credits, calibration, the
claim model's training) is chosen on the other questions only, so the figures on these stay honest.

The split is by question id alone (a hash), so it is the same for every labelled set and every tool.
"""

from __future__ import annotations

import hashlib

HELD_OUT_SHARE = 3  # one question in three


def held_out(question_id: str) -> bool:
    return int(hashlib.sha256(question_id.encode()).hexdigest(), 16) % HELD_OUT_SHARE == 0
