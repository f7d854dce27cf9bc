"""How an answer was said, from the transcriber's word timestamps: observable numbers only.

- Pace: words per minute of speaking time (first word's start to last word's end), against 130-160, the
  band usually given for clear explanatory speech.
- Fillers per minute: "um", "uh", "you know", "basically"..., and "like" only where it is a filler (set off
  by a pause or a comma, or beside another filler), not "looks like" or "like ReLU".
- Pauses: gaps between words longer than 2.5 s.
- Speaking time against the question's time limit, when it has one.

Whisper under-counts fillers: it was trained to write clean text and drops many "um"s and "uh"s, so the
filler figure is a floor, not a count.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.voice.transcript import Word

PACE_BAND = (130, 160)  # words per minute
LONG_PAUSE_SECONDS = 2.5
FILLERS = frozenset({"um", "umm", "uh", "uhh", "uhm", "erm", "er", "ah", "hmm", "mm", "basically", "literally"})
FILLER_PAIRS = frozenset({("you", "know"), ("i", "mean")})
FILLER_CAVEAT = "Whisper drops many fillers, so the filler count is a floor."
# "like" after a word it belongs to ("looks like", "would like") is no filler even after a pause.
_LIKE_BELONGS_AFTER = frozenset({"look", "looks", "looked", "seem", "seems", "feel", "feels", "would", "something",
                                 "just", "much", "more", "things", "not", "unlike", "sounds"})


@dataclass(frozen=True)
class Pause:
    after_word: str
    at: float  # seconds from the start of the audio
    seconds: float


@dataclass(frozen=True)
class Delivery:
    words: int
    speaking_seconds: float
    words_per_minute: float | None  # None when there is too little speech to time
    fillers: dict[str, int]
    fillers_per_minute: float | None
    long_pauses: tuple[Pause, ...]
    limit_seconds: float | None = None

    @property
    def filler_count(self) -> int:
        return sum(self.fillers.values())

    @property
    def pace(self) -> str:
        if self.words_per_minute is None:
            return "not measured"
        low, high = PACE_BAND
        return "slow" if self.words_per_minute < low else "fast" if self.words_per_minute > high else "in the band"

    @property
    def over_limit(self) -> bool:
        return self.limit_seconds is not None and self.speaking_seconds > self.limit_seconds


def _bare(text: str) -> str:
    return re.sub(r"[^\w']", "", text.lower())


def _set_off(words: Sequence[Word], index: int) -> bool:
    """A pause (0.3 s or more) or a comma on either side of the word."""
    word = words[index]
    before = words[index - 1] if index else None
    after = words[index + 1] if index + 1 < len(words) else None
    return (word.text.rstrip().endswith(",") or before is None or before.text.rstrip()[-1:] in ",.?!"
            or word.start - before.end >= 0.3 or (after is not None and after.start - word.end >= 0.3))


def count_fillers(words: Sequence[Word]) -> dict[str, int]:
    bare = [_bare(w.text) for w in words]
    found: Counter[str] = Counter()
    for i, token in enumerate(bare):
        previous = bare[i - 1] if i else ""
        if token in FILLERS:
            found[token] += 1
        elif i and (previous, token) in FILLER_PAIRS:
            found[f"{previous} {token}"] += 1
        elif token == "like" and previous not in _LIKE_BELONGS_AFTER and (
                _set_off(words, i) or previous in FILLERS or (i + 1 < len(bare) and bare[i + 1] in FILLERS)):
            found["like"] += 1
    return dict(found)


def long_pauses(words: Sequence[Word], threshold: float = LONG_PAUSE_SECONDS) -> tuple[Pause, ...]:
    return tuple(Pause(before.text, before.end, after.start - before.end)
                 for before, after in zip(words, words[1:]) if after.start - before.end > threshold)


def per_minute(count: int, seconds: float) -> float | None:
    return count * 60 / seconds if seconds >= 1 else None


def delivery_figures(words: Sequence[Word], limit_seconds: float | None = None) -> Delivery:
    speaking = max(words[-1].end - words[0].start, 0.0) if words else 0.0
    fillers = count_fillers(words)
    return Delivery(words=len(words), speaking_seconds=speaking, words_per_minute=per_minute(len(words), speaking),
                    fillers=fillers, fillers_per_minute=per_minute(sum(fillers.values()), speaking),
                    long_pauses=long_pauses(words), limit_seconds=limit_seconds)


def delivery_lines(delivery: Delivery) -> list[str]:
    """The figures as plain lines for the CLI, the report and the export."""
    if not delivery.words:
        return ["Delivery: no timed words in the transcript, so no pace, fillers or pauses."]
    low, high = PACE_BAND
    pace = f"{delivery.words_per_minute:.0f} words/min" if delivery.words_per_minute is not None else "too short to time"
    fillers = ", ".join(f"{name} x{count}" for name, count in sorted(delivery.fillers.items())) or "none heard"
    per_min = f" ({delivery.fillers_per_minute:.1f}/min)" if delivery.fillers_per_minute is not None else ""
    pauses = ", ".join(f"{p.seconds:.1f} s after {p.after_word!r}" for p in delivery.long_pauses) or "none"
    limit = ""
    if delivery.limit_seconds is not None:
        limit = f" of {delivery.limit_seconds:.0f} s allowed" + (" (over the limit)" if delivery.over_limit else "")
    return [
        f"Pace: {pace}, {delivery.pace} (band {low}-{high}); {delivery.words} words.",
        f"Fillers: {fillers}{per_min}. {FILLER_CAVEAT}",
        f"Pauses over {LONG_PAUSE_SECONDS:g} s: {pauses}.",
        f"Speaking time: {delivery.speaking_seconds:.1f} s{limit}.",
    ]
