"""Text normalisation, words, stems and sentences, shared by the rubric extractor, the validity gate and the
graders."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")  # a word of normalised text: "l2", "cross-entropy", "don't"
_PUNCT_MAP = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})

STOPWORDS = frozenset(
    """a an the and or but if then else of to in on at by for with from as into onto over under about
    is are was were be been being am do does did doing have has had having it its this that these those
    there here which who whom whose what when where why how i me my we our you your he she they them their
    not no nor so too very can could should would may might must will shall just also such than more most
    some any each other both all only own same few many much one two use used using uses like eg e.g ie
    etc via per while during before after above below up down out off again further once""".split()
)


def normalise(text: str) -> str:
    """Lowercase, unify quotes and dashes, fold accents, collapse whitespace."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT_MAP).casefold()
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer  # loads every language's stemmer: only when text is first stemmed

    return snowballstemmer.stemmer("english")


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (stopwords dropped), in order."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]


# A sentence ends at . ! or ? before a capital, except after abbreviations such as "e.g." or "vs.".
_SENTENCE_END = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<!\bvs\.)(?<!\bcf\.)(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def sentences(text: str) -> list[str]:
    """Split prose into sentences; list items and lines count as their own sentences."""
    parts: list[str] = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*•]|\d+\.)\s+", "", line).strip()
        if line:
            parts.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return parts
