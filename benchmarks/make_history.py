"""Write N realistic past interviews in the v1 on-disk format: `python benchmarks/make_history.py N DIR`.

DIR is a data directory (what INTERVIEWER_HOME points at); the transcripts go to DIR/sessions/ID.jsonl,
one JSON event per line, exactly as interviewer 0.1 wrote them. Each interview asks 5 bank questions:
drafts, answers of mixed quality (graded by the offline grader), hints, follow-ups, skipped questions,
strict and drill sessions; about 1 in 10 was interrupted, and a few files carry a torn last line, a line
that is not JSON or a byte that is not UTF-8. Every file starts with a good `session_started` line, so an
importer that skips only damaged lines lists all N interviews. Seeded: the same N and seed write the
same files. With `--corrections P`, a share P of the graded answers also carries the candidate's review of
one to three verdicts (`verdict_reviewed` events, written in the current event format, the only one that has
them): a point the grader judged short raised to covered, or a verdict confirmed.

The v1 format is written here by hand (it is frozen); only the bank, the rubrics and the offline grader
come from the package, to make the feedback real.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

QUESTIONS_PER_INTERVIEW = 5
WEAK_ANSWER = "I think it is mostly about training the model on more data and tuning it until it works better."
ANSWER_MIX = {"reference": 25, "example": 15, "partial": 30, "weak": 20, "off-topic": 10}


class Grades:
    """Offline feedback per (question, answer), computed once: 2,000 interviews reuse a few hundred answers."""

    def __init__(self) -> None:
        from interviewer.bank import load_bank
        from interviewer.grading.offline import OfflineGrader

        self.bank = load_bank()
        self.grader = OfflineGrader()
        self._cache: dict[tuple[str, str, str | None], dict] = {}

    def feedback(self, question_id: str, answer: str, follow_up: str | None = None) -> dict:
        key = (question_id, answer, follow_up)
        if key not in self._cache:
            from interviewer.grading.base import GradeRequest
            from interviewer.rubric.store import rubric_for

            question = self.bank.get(question_id)
            request = GradeRequest(question, rubric_for(question), answer, follow_up_context=follow_up)
            self._cache[key] = asyncio.run(self.grader.grade(request)).model_dump(mode="json")
        return self._cache[key]

    def answer(self, rng: random.Random, question_id: str) -> str:
        question = self.bank.get(question_id)
        reference = question.references[0]
        kind = rng.choices(list(ANSWER_MIX), weights=list(ANSWER_MIX.values()))[0]
        if kind == "example":
            return reference.example or question.references[-1].answer
        if kind == "partial":
            return reference.answer.split(". ")[0].rstrip(".") + "."
        if kind == "weak":
            return WEAK_ANSWER
        if kind == "off-topic":
            return rng.choice(list(self.bank.questions.values())).references[0].answer
        return reference.answer


class Transcript:
    """The events of one interview, timestamped by a clock that only moves forward."""

    def __init__(self, started: datetime) -> None:
        self.now = started
        self.lines: list[str] = []

    def event(self, event_type: str, seconds_later: float = 0.0, **payload) -> None:
        self.now += timedelta(seconds=seconds_later)
        self.lines.append(json.dumps({"v": 1, "type": event_type, "at": self.now.isoformat(), **payload},
                                     ensure_ascii=False))


def corrections(rng: random.Random, grades: Grades, t: Transcript, index: int, question_id: str, feedback: dict) -> None:
    """The candidate reviews one to three of the grader's verdicts on this answer."""
    from interviewer.domain.events import EVENT_VERSION
    from interviewer.domain.feedback import Feedback
    from interviewer.domain.session import VerdictReview
    from interviewer.engine.verdict_review import reviewed_score
    from interviewer.rubric.store import rubric_for

    graded = Feedback.model_validate(feedback)
    if not graded.valid_answer or not graded.verdicts:
        return
    rubric, reviews = rubric_for(grades.bank.get(question_id)), {}
    for verdict in rng.sample(graded.verdicts, min(len(graded.verdicts), rng.randint(1, 3))):
        mine = "covered" if verdict.verdict != "covered" and rng.random() < 0.6 else verdict.verdict.value
        t.now += timedelta(seconds=rng.uniform(2, 20))
        reviews[verdict.point_id] = VerdictReview(point_id=verdict.point_id, grader_verdict=verdict.verdict,
                                                  verdict=mine, at=t.now)
        score = reviewed_score(rubric, graded, reviews)  # no hint penalty: the grades written here have none
        t.lines.append(json.dumps({"v": EVENT_VERSION, "type": "verdict_reviewed", "at": t.now.isoformat(),
                                   "index": index, "follow_up": None, "point_id": verdict.point_id,
                                   "grader_verdict": verdict.verdict.value, "verdict": mine, "reason": "",
                                   "score": score}))


def interview(rng: random.Random, grades: Grades, session_id: str, started: datetime,
              correct: float = 0.0) -> Transcript:
    kind = "drill" if rng.random() < 0.3 else "mock"
    mode = "strict" if kind == "mock" and rng.random() < 0.2 else "practice"
    seconds_allowed = None if kind == "drill" else 300.0
    depth = rng.choice([0, 1, 1, 1, 2])
    question_ids = rng.sample(sorted(grades.bank.questions), QUESTIONS_PER_INTERVIEW)
    config = {"question_ids": question_ids, "mode": mode, "seconds_per_question": seconds_allowed,
              "total_seconds": None, "grader": "offline", "kind": kind, "follow_up_depth": depth}
    stop_at = rng.randrange(QUESTIONS_PER_INTERVIEW) if rng.random() < 0.1 else None  # interrupted here
    t = Transcript(started)
    t.event("session_started", id=session_id, config=config)
    t.event("question_asked", index=0, seconds_allowed=seconds_allowed)
    for index, question_id in enumerate(question_ids):
        asked = t.now
        skipped = rng.random() < 0.08
        answer = "" if skipped else grades.answer(rng, question_id)
        words = answer.split()
        t.now += timedelta(seconds=rng.uniform(10, 240))  # reading and thinking
        for cut in sorted(rng.sample(range(1, len(words) + 1), min(len(words), rng.randint(1, 4)))):
            t.event("draft_saved", rng.uniform(5, 60), index=index, text=" ".join(words[:cut]))
        if not skipped and rng.random() < 0.15:
            t.event("hint_shown", rng.uniform(5, 30), index=index, hint="Think about what happens during training.")
        if index == stop_at:
            return t  # the app was closed before this answer was submitted
        t.now += timedelta(seconds=rng.uniform(1, 10))
        used = (t.now - asked).total_seconds()
        over = seconds_allowed is not None and used > seconds_allowed
        t.event("answer_submitted", index=index, answer=answer, seconds_used=round(used, 1),
                over_time=over, overrun_seconds=round(used - seconds_allowed, 1) if over else 0.0, skipped=skipped)
        if index + 1 < QUESTIONS_PER_INTERVIEW:
            t.event("question_asked", index=index + 1, seconds_allowed=seconds_allowed)
        if skipped:
            continue
        if rng.random() < 0.02:
            t.event("grading_failed", rng.uniform(1, 5), index=index, error="APITimeoutError: the model did not answer in 60 s")
            continue
        feedback = grades.feedback(question_id, answer)
        t.event("feedback_received", rng.uniform(0.1, 2), index=index, feedback=feedback, follow_up=None, recovered=None)
        if correct and rng.random() < correct:
            corrections(rng, grades, t, index, question_id, feedback)
        if mode == "practice" and depth and feedback["follow_up"]:
            point = feedback["follow_up_point"]
            reply = grades.bank.get(question_id).references[0].answer if rng.random() < 0.5 else WEAK_ANSWER
            t.event("follow_up_asked", rng.uniform(1, 5), index=index, text=feedback["follow_up"], target_point=point)
            t.event("follow_up_answered", rng.uniform(20, 90), index=index, follow_up=0, answer=reply)
            follow_up_feedback = grades.feedback(question_id, reply, feedback["follow_up"])
            closed = any(v["point_id"] == point and v["verdict"] == "covered" for v in follow_up_feedback["verdicts"])
            t.event("feedback_received", rng.uniform(0.1, 2), index=index, feedback=follow_up_feedback, follow_up=0,
                    recovered=closed)
    t.event("session_ended", rng.uniform(1, 30))
    return t


def damage(rng: random.Random, lines: list[str]) -> tuple[bytes, str | None]:
    """The file's bytes; about 1 file in 30 damaged the ways real files get damaged (never the first line)."""
    roll = rng.random()
    data = [line.encode() + b"\n" for line in lines]
    if roll < 0.015:  # killed while writing the last event
        data[-1] = data[-1][: len(data[-1]) // 2]
        return b"".join(data), "torn last line"
    if roll < 0.025 and len(data) > 2:  # a byte flipped on disk, inside a later event
        i = rng.randrange(1, len(data))
        data[i] = data[i][:20] + b"\xff" + data[i][21:]
        return b"".join(data), "non-UTF-8 byte"
    if roll < 0.033 and len(data) > 2:  # an editor or a sync tool wrote half a line
        data.insert(rng.randrange(1, len(data)), b'{"v": 1, "type": "draft_sa\n')
        return b"".join(data), "line that is not JSON"
    return b"".join(data), None


def write_history(count: int, data_dir: Path, seed: int = 0, correct: float = 0.0) -> dict[str, int]:
    rng = random.Random(seed)
    grades = Grades()
    sessions = data_dir / "sessions"
    sessions.mkdir(parents=True, exist_ok=True, mode=0o700)
    last_event = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    counts = {"interviews": 0, "interrupted": 0}
    for _ in range(count):
        started = last_event + timedelta(minutes=rng.uniform(10, 120))  # 2,000: a few months of daily practice
        session_id = f"{started:%Y%m%d-%H%M%S}-{rng.getrandbits(16):04x}"
        transcript = interview(rng, grades, session_id, started, correct)
        last_event = transcript.now
        data, damaged = damage(rng, transcript.lines)
        (sessions / f"{session_id}.jsonl").write_bytes(data)
        counts["interviews"] += 1
        counts["interrupted"] += '"session_ended"' not in transcript.lines[-1]
        if damaged:
            counts[damaged] = counts.get(damaged, 0) + 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, metavar="N", help="number of interviews")
    parser.add_argument("data_dir", type=Path, metavar="DIR", help="data directory (INTERVIEWER_HOME); writes DIR/sessions/")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corrections", type=float, default=0.0, metavar="P",
                        help="share of graded answers whose verdicts the candidate reviewed (default 0)")
    args = parser.parse_args()
    began = time.perf_counter()
    counts = write_history(args.count, args.data_dir, args.seed, args.corrections)
    print(", ".join(f"{n} {what}" for what, n in counts.items()) + f" in {args.data_dir / 'sessions'} "
          f"({time.perf_counter() - began:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
