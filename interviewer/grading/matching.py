"""Find where an answer states a phrase: exact, stemmed, or with a typo (rapidfuzz)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from interviewer.text import content_stems, normalise, stem, words

FUZZY_MIN_CHARS = 6   # shorter phrases must match exactly: "l1" vs "l2" is not a typo
FUZZY_THRESHOLD = 84  # rapidfuzz ratio: one dropped letter in a 7-letter word scores 85.7


@dataclass(frozen=True)
class AnswerIndex:
    """The answer's sentences, prepared once for many phrase look-ups."""

    sentences: tuple[str, ...]
    normalised: tuple[str, ...]
    stemmed: tuple[tuple[str, ...], ...]
    stems: frozenset[str]

    @classmethod
    def of(cls, text: str) -> AnswerIndex:
        parts = tuple(p.strip() for p in re.split(r"(?<=[.!?;\n])\s+", text) if p.strip())
        stemmed = tuple(tuple(stem(w) for w in words(p)) for p in parts)
        return cls(parts, tuple(normalise(p) for p in parts), stemmed, frozenset(content_stems(text)))

    def find(self, phrase: str) -> str | None:
        """The sentence that states the phrase, or None."""
        target = normalise(phrase)
        target_stems = tuple(stem(w) for w in words(phrase))
        pattern = re.compile(r"(?<![a-z0-9])" + re.escape(target) + r"(?![a-z0-9])")
        for sentence, norm, stems in zip(self.sentences, self.normalised, self.stemmed):
            if pattern.search(norm) or (target_stems and _contains(stems, target_stems)):
                return sentence
        if len(target) >= FUZZY_MIN_CHARS:
            for sentence, norm in zip(self.sentences, self.normalised):
                if fuzz.partial_ratio(target, norm, score_cutoff=FUZZY_THRESHOLD):
                    return sentence
        return None

    def overlap(self, text: str) -> float:
        """Share of the text's content stems that the answer uses."""
        wanted = set(content_stems(text))
        return len(wanted & self.stems) / len(wanted) if wanted else 0.0


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
