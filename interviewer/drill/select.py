"""What a drill serves: due items first, then questions from the weakest topics, then unseen ones."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from interviewer.bank import Bank
from interviewer.bank.select import one_per_group
from interviewer.domain.questions import Question
from interviewer.drill.schedule import Schedule
from interviewer.errors import BadInputError


def mastery(schedule: Schedule, bank: Bank) -> dict[str, float]:
    """Per topic: the mean of the latest scores of the questions seen, 0-1."""
    scores: dict[str, list[float]] = defaultdict(list)
    for qid, question in bank.questions.items():
        state = schedule.question_state(qid)
        if state and state.last_score is not None:
            scores[question.topic.value].append(state.last_score / 10)
    return {t: sum(s) / len(s) for t, s in sorted(scores.items())}


def drill_questions(bank: Bank, schedule: Schedule, count: int, today: date, *, topics: Iterable[str] = (),
                    due_only: bool = False, seed: int | None = None) -> list[Question]:
    pool = {q.id: q for q in bank.filter(topics)}
    due = one_per_group(pool[q] for q in schedule.due_questions(today) if q in pool)
    chosen = due[:count]
    if not due_only and len(chosen) < count:
        topic_mastery = mastery(schedule, bank)
        states = {q.id: state for q in pool.values() if (state := schedule.question_state(q.id)) and q not in chosen}
        seen = [pool[question_id] for question_id in states]
        seen.sort(key=lambda q: (topic_mastery.get(q.topic.value, 0.0), states[q.id].last_score or 0))
        unseen = sorted((q for q in pool.values() if not schedule.question_state(q.id)), key=lambda q: q.id)
        random.Random(seed).shuffle(unseen)
        chosen = one_per_group(chosen + seen + unseen)[:count]  # one question per group, as in a mock
    if not chosen:
        raise BadInputError("Nothing is due for review." if due_only else "No question matches those filters.",
                            title="Nothing to drill")
    return chosen
