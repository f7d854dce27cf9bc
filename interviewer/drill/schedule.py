"""SM-2 review schedule per question and per key point.

Why SM-2 and not FSRS: our reviews are grades on 0-10 from a grader, not self-rated recall, and map
straight onto SM-2's 0-5 quality; its intervals can be explained to a candidate ("6 days, because you
scored 8 twice") and tested exactly; FSRS's gains come from fitting parameters to a long review
history, which weeks of interview preparation do not produce.

The rules, as implemented: quality < 3 resets the repetitions and brings the item back tomorrow;
otherwise the interval is 1 day, then 6, then the previous interval times the ease (the ease from before
this review). The ease then moves by 0.1 - (5 - q)(0.08 + (5 - q) 0.02), never below 1.3.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from pydantic import BaseModel, Field

from interviewer.domain.feedback import Feedback, Verdict

MIN_EASE = 1.3
POINT_QUALITY = {Verdict.COVERED: 5, Verdict.PARTIAL: 3, Verdict.NAMED: 2, Verdict.MISSING: 1, Verdict.INCORRECT: 0}


class ReviewState(BaseModel):
    repetitions: int = 0
    interval_days: int = 0
    ease: float = 2.5
    due: date
    reviews: int = 0
    last_quality: int | None = None
    last_score: float | None = None
    # The answer the last review came from ("session/index" or "session/index/follow-up"), the day of it and
    # the state before it: a correction of that answer's verdicts replaces the review instead of adding one.
    source: str | None = None
    reviewed_on: date | None = None
    previous: ReviewState | None = None


class Schedule(BaseModel):
    version: int = 1
    items: dict[str, ReviewState] = Field(default_factory=dict)  # "question-id" or "question-id#point-id"

    def record(self, key: str, quality: int, today: date, score: float | None = None,
               source: str | None = None) -> ReviewState:
        before = self.items.get(key)
        state = before or ReviewState(due=today)
        after = review(state, quality, today, score)
        if source is not None:
            previous = before.model_copy(update={"previous": None}) if before else None  # one step back, no chain
            after = after.model_copy(update={"source": source, "reviewed_on": today, "previous": previous})
        self.items[key] = after
        return after

    def redo(self, key: str, quality: int, source: str, score: float | None = None) -> bool:
        """Replace the last review of `key` by one of `quality`, if that review came from `source` (the
        candidate corrected a verdict of that answer). False, and nothing moved, when a later answer has been
        reviewed since (or the row predates sources): that answer's review stands."""
        state = self.items.get(key)
        if state is None or state.source != source or state.reviewed_on is None:
            return False
        before = state.previous or ReviewState(due=state.reviewed_on)
        after = review(before, quality, state.reviewed_on, score)
        self.items[key] = after.model_copy(update={"source": source, "reviewed_on": state.reviewed_on,
                                                   "previous": state.previous})
        return True

    @classmethod
    def from_rows(cls, rows: Mapping[str, str]) -> Schedule:
        """The schedule from stored review rows (key -> state JSON)."""
        return cls(items={key: ReviewState.model_validate_json(state) for key, state in rows.items()})

    def rows(self, keys: Iterable[str]) -> dict[str, str]:
        """The review rows of `keys`, to store."""
        return {key: self.items[key].model_dump_json() for key in keys}

    def question_state(self, question_id: str) -> ReviewState | None:
        return self.items.get(question_id)

    def due_questions(self, today: date) -> list[str]:
        """Question ids due today or earlier, most overdue first."""
        due = [(s.due, k) for k, s in self.items.items() if "#" not in k and s.due <= today]
        return [k for _, k in sorted(due)]


def review(state: ReviewState, quality: int, today: date, score: float | None = None) -> ReviewState:
    if not 0 <= quality <= 5:
        raise ValueError("quality is 0-5")
    if quality < 3:
        repetitions, interval = 0, 1
    else:
        repetitions = state.repetitions + 1
        interval = 1 if repetitions == 1 else 6 if repetitions == 2 else round(state.interval_days * state.ease)
    ease = max(MIN_EASE, state.ease + 0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02))
    return ReviewState(repetitions=repetitions, interval_days=interval, ease=round(ease, 4),
                       due=today + timedelta(days=interval), reviews=state.reviews + 1, last_quality=quality,
                       last_score=score)


def quality_from_score(score: float) -> int:
    """0-10 grade to SM-2's 0-5 quality: 6/10 (quality 3) is the lowest that counts as remembered."""
    return max(0, min(5, round(score / 2)))


def record_feedback(schedule: Schedule, question_id: str, feedback: Feedback, today: date,
                    source: str | None = None) -> list[str]:
    """A graded answer moves the question and each of its key points. Returns the keys it moved."""
    schedule.record(question_id, quality_from_score(feedback.score), today, feedback.score, source)
    keys = [question_id]
    for verdict in feedback.verdicts:
        keys.append(f"{question_id}#{verdict.point_id}")
        schedule.record(keys[-1], POINT_QUALITY[verdict.verdict], today, source=source)
    return keys


def redo_feedback(schedule: Schedule, question_id: str, feedback: Feedback, source: str) -> list[str]:
    """The reviewed feedback of the answer `source` replaces its review of the question and of each point
    (where no later answer was reviewed since). Returns the keys it moved."""
    moved = [question_id] if schedule.redo(question_id, quality_from_score(feedback.score), source,
                                           feedback.score) else []
    for verdict in feedback.verdicts:
        key = f"{question_id}#{verdict.point_id}"
        if schedule.redo(key, POINT_QUALITY[verdict.verdict], source):
            moved.append(key)
    return moved
