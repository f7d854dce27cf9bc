"""Delivery figures from word timestamps: pace, fillers, pauses, speaking time. Pure functions, no audio."""

from __future__ import annotations

from interviewer.voice.delivery import count_fillers, delivery_figures, delivery_lines, long_pauses
from interviewer.voice.transcript import Word


def timed(text: str, *, every: float = 0.4, gaps: dict[int, float] | None = None) -> list[Word]:
    """One word every `every` seconds (each lasting 0.3 s); `gaps` adds silence before word i."""
    words, at = [], 0.0
    for i, token in enumerate(text.split()):
        at += (gaps or {}).get(i, 0.0)
        words.append(Word(token, at, at + 0.3))
        at += every
    return words


def test_pace_is_words_per_minute_of_speaking_time_against_the_band():
    steady = delivery_figures(timed("word " * 30, every=0.4))  # 30 words in 11.9 s
    assert round(steady.words_per_minute) == 151 and steady.pace == "in the band"
    assert delivery_figures(timed("word " * 30, every=0.6)).pace == "slow"
    assert delivery_figures(timed("word " * 30, every=0.3)).pace == "fast"


def test_fillers_counted_including_pairs_and_like_only_as_a_filler():
    words = timed("Um so basically dropout uh you know zeroes units I mean randomly")
    assert count_fillers(words) == {"um": 1, "basically": 1, "uh": 1, "you know": 1, "i mean": 1}
    assert count_fillers(timed("it looks like, a lookup table")) == {}  # "looks like": no filler
    assert count_fillers(timed("it is like a lookup table")) == {}  # "like" run into its phrase
    assert count_fillers(timed("it was like, a lookup table")) == {"like": 1}  # set off by a comma
    assert count_fillers(timed("the gradient like vanishes", gaps={2: 0.5})) == {"like": 1}  # set off by a pause
    assert count_fillers(timed("um like the gradient")) == {"um": 1, "like": 1}


def test_fillers_per_minute_and_caveat():
    figures = delivery_figures(timed("um word word word uh word " * 5, every=0.4))  # 10 fillers in 11.9 s
    assert figures.filler_count == 10 and round(figures.fillers_per_minute) == 50
    assert any("floor" in line for line in delivery_lines(figures))


def test_only_pauses_over_two_and_a_half_seconds_count():
    words = timed("one two three four", gaps={1: 2.2, 3: 2.7})  # gaps of 2.3 s and 2.8 s between words
    pauses = long_pauses(words)
    assert [(p.after_word, round(p.seconds, 1)) for p in pauses] == [("three", 2.8)]


def test_speaking_time_against_the_limit():
    words = timed("word " * 10, every=1.0)  # 9.3 s
    assert not delivery_figures(words, limit_seconds=10).over_limit
    over = delivery_figures(words, limit_seconds=9)
    assert over.over_limit and "over the limit" in delivery_lines(over)[-1]


def test_no_words_or_too_little_speech_has_no_rates():
    assert delivery_figures([]).words_per_minute is None
    assert "no timed words" in delivery_lines(delivery_figures([]))[0]
    assert delivery_figures([Word("yes", 0.0, 0.4)]).words_per_minute is None  # under a second: no rate
