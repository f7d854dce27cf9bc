"""Choose the questions for an interview: filtered, then a seeded shuffle so an order can be replayed.

Questions that cover the same ground share a `group`; an interview (mock or drill) serves at most one of a
group, so a candidate is never asked the same thing twice in different words.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from interviewer.bank.loader import Bank
from interviewer.domain.questions import Question
from interviewer.errors import BadInputError


def ground(question: Question) -> tuple[str, str]:
    """What a question covers: its group, or itself when it has none (tagged, so a group and an id never clash)."""
    return ("group", question.group) if question.group else ("question", question.id)


def one_per_group(questions: Iterable[Question]) -> list[Question]:
    """The questions in order, each dropped when an earlier one covers the same ground."""
    taken, kept = set(), []
    for question in questions:
        if ground(question) not in taken:
            taken.add(ground(question))
            kept.append(question)
    return kept


def matching_questions(bank: Bank, *, topics: Iterable[str] = (), kinds: Iterable[str] = (),
                       difficulties: Iterable[int] = ()) -> list[Question]:
    """Every question the filters let through; raises BadInputError when there is none."""
    wanted = set(difficulties)
    pool = [q for q in bank.filter(topics, kinds) if not wanted or q.difficulty in wanted]
    if not pool:
        raise BadInputError("No question matches those filters; `interviewer bank stats` shows what there is.",
                            title="No questions")
    return pool


def servable_count(pool: Iterable[Question]) -> int:
    """How many questions one interview can serve from a pool: one per group."""
    return len({ground(q) for q in pool})


def select_questions(bank: Bank, count: int, *, topics: Iterable[str] = (), kinds: Iterable[str] = (),
                     difficulties: Iterable[int] = (), seed: int | None = None) -> list[Question]:
    pool = sorted(matching_questions(bank, topics=topics, kinds=kinds, difficulties=difficulties), key=lambda q: q.id)
    random.Random(seed).shuffle(pool)
    return one_per_group(pool)[:count]
