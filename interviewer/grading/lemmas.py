"""Word forms: a dictionary lemma (froze -> freeze, chose -> choose), then the Snowball stem.

The lemma table is simplemma's English dictionary, shipped inside its wheel (nothing is downloaded).
Loading it costs about 0.15-0.2 s, so it is loaded on the first grade, not on import.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from interviewer.text import stem

_table: Mapping[str, str] | None = None


def _lemma_table() -> Mapping[str, str]:
    global _table
    if _table is None:
        # The dictionary module alone: `import simplemma` would also load its language detector.
        from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

        _table = DefaultDictionaryFactory().get_dictionary("en")
    return _table


def lemma(word: str) -> str:
    """The dictionary form of a lower-case word (the word itself when the table does not know it)."""
    return _lemma_table().get(word) or word


@lru_cache(maxsize=65536)
def lemma_stem(word: str) -> str:
    """The stem of the word's lemma: every inflected form of a word maps to one token."""
    word = word.replace("-", "")  # non-linearity = nonlinearity, fine-tune = finetune
    return stem(lemma(word))
