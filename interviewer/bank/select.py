"""Choose the questions for an interview: filtered, then a seeded shuffle so an order can be replayed."""

from __future__ import annotations

import random
from collections.abc import Iterable

from interviewer.bank.loader import Bank
from interviewer.domain.questions import Question
from interviewer.errors import BadInputError


def matching_questions(bank: Bank, *, topics: Iterable[str] = (), kinds: Iterable[str] = (),
                       difficulties: Iterable[int] = ()) -> list[Question]:
    """Every question the filters let through; raises BadInputError when there is none."""
    wanted = set(difficulties)
    pool = [q for q in bank.filter(topics, kinds) if not wanted or q.difficulty in wanted]
    if not pool:
        raise BadInputError("No question matches those filters; `interviewer bank stats` shows what there is.",
                            title="No questions")
    return pool


def select_questions(bank: Bank, count: int, *, topics: Iterable[str] = (), kinds: Iterable[str] = (),
                     difficulties: Iterable[int] = (), seed: int | None = None) -> list[Question]:
    pool = matching_questions(bank, topics=topics, kinds=kinds, difficulties=difficulties)
    rng = random.Random(seed)
    return rng.sample(sorted(pool, key=lambda q: q.id), min(count, len(pool)))
