"""Find where an answer states a phrase: exact, stemmed, or with a typo (rapidfuzz)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.text import content_stems, normalise, stem, words

FUZZY_MIN_CHARS = 6   # shorter phrases must match exactly: "l1" vs "l2" is not a typo
FUZZY_THRESHOLD = 84  # rapidfuzz ratio: one dropped letter in a 7-letter word scores 85.7


@dataclass(frozen=True)
class AnswerIndex:
    """The answer's sentences, prepared once for many phrase look-ups."""

    sentences: tuple[str, ...]
    normalised: tuple[str, ...]
    stemmed: tuple[tuple[str, ...], ...]
    sentence_stems: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, text: str) -> AnswerIndex:
        parts = tuple(p.strip() for p in re.split(r"(?<=[.!?;\n])\s+", text) if p.strip())
        stemmed = tuple(tuple(stem(w) for w in words(p)) for p in parts)
        per_sentence = tuple(frozenset(content_stems(p)) for p in parts)
        return cls(parts, tuple(normalise(p) for p in parts), stemmed, per_sentence)

    def find(self, phrase: str) -> str | None:
        """The sentence that states the phrase, or None."""
        target = normalise(phrase)
        target_stems = tuple(stem(w) for w in words(phrase))
        pattern = re.compile(r"(?<![a-z0-9])" + re.escape(target) + r"(?![a-z0-9])")
        for sentence, norm, stems in zip(self.sentences, self.normalised, self.stemmed):
            if pattern.search(norm) or (target_stems and _contains(stems, target_stems)):
                return sentence
        if len(target) >= FUZZY_MIN_CHARS:
            from rapidfuzz import fuzz  # loaded on the first grade, not at start-up

            for sentence, norm in zip(self.sentences, self.normalised):
                if fuzz.partial_ratio(target, norm, score_cutoff=FUZZY_THRESHOLD):
                    return sentence
        return None

    def overlap(self, text: str) -> tuple[float, str]:
        """Best share of the text's content stems used within two adjacent sentences, and the quote that carries it.

        A window, not the whole answer: padding an answer with unrelated text then cannot assemble a
        point's vocabulary from scattered words. A stem with one typo counts.
        """
        wanted = set(content_stems(text))
        if not wanted or not self.sentences:
            return 0.0, ""
        best, quote = 0.0, ""
        hits = [{w for w in wanted if w in sentence or _near(w, sentence)} for sentence in self.sentence_stems]
        for i in range(len(self.sentences)):
            pair = hits[i] | (hits[i + 1] if i + 1 < len(hits) else set())
            if len(pair) < min(2, len(wanted)):
                continue  # one shared word is not evidence of a point (unless the point has one word)
            share = len(pair) / len(wanted)
            if share > best:
                # Quote what carries the point: one sentence, or both when each adds words of its own.
                both = i + 1 < len(hits) and hits[i] - hits[i + 1] and hits[i + 1] - hits[i]
                if both:
                    quote = f"{self.sentences[i]} {self.sentences[i + 1]}"
                else:
                    quote = self.sentences[i + 1] if i + 1 < len(hits) and len(hits[i + 1]) > len(hits[i]) else self.sentences[i]
                best = share
        return best, quote


def _near(stem_: str, pool: frozenset[str]) -> bool:
    if len(stem_) < FUZZY_MIN_CHARS - 1 or not pool:
        return False
    from rapidfuzz import fuzz, process  # loaded on the first grade, not at start-up

    return process.extractOne(stem_, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD) is not None


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
