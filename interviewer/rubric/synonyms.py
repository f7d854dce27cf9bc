"""Equivalent names for common deep-learning ideas: accepted phrasings the extractor attaches to
key points, so an answer saying "weight decay" gets credit for "L2 regularization".

The lists are data a domain expert edits, beside the rubrics: rubrics/vocabulary/synonyms.yaml (synonym
groups, everyday wordings) and opposites.yaml (word pairs whose swap inverts a claim, counterparts),
read by the claim matcher (interviewer.grading.claims) too.
"""

from __future__ import annotations

from interviewer.bank.yaml_source import read_vocabulary
from interviewer.nlp.text import normalise

_SYNONYMS, _OPPOSITES = read_vocabulary("synonyms"), read_vocabulary("opposites")


def _groups(entries: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(group) for group in entries)


SYNONYM_GROUPS = _groups(_SYNONYMS["synonym_groups"])
PLAIN_WORDS = _groups(_SYNONYMS["plain_words"])  # everyday words for technical ideas: one idea each
OPPOSITES = _groups(_OPPOSITES["opposites"])  # pairs whose swap inverts a claim
COUNTERPARTS = _groups(_OPPOSITES["counterparts"])  # pairs of things a claim can be about
ONE_WAY_OPPOSITES = _groups(_OPPOSITES["one_way_opposites"])  # a training point against "at inference" only

_INDEX = {normalise(term): group for group in SYNONYM_GROUPS for term in group}


def synonyms_of(phrase: str) -> tuple[str, ...]:
    """The phrase's synonym group (including itself), or just the phrase."""
    return _INDEX.get(normalise(phrase), (normalise(phrase),))
