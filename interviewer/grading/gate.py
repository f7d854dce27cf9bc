"""The validity gate: answers that cannot earn credit get 0 and a plain reason, with no grader call."""

from __future__ import annotations

import re

from interviewer.domain.questions import Question
from interviewer.text import STOPWORDS, content_stems, normalise, words

DONT_KNOW = re.compile(
    r"^(i (really )?(do not|don't|dont) know|no idea|not sure|idk|pass|skip|no clue|i have no idea|"
    r"i('m| am) not sure|n/?a|none|nothing|\?+|-+|\.+)[\s.!?]*$"
)
MIN_WORDS = 3
MIN_REAL_WORD_SHARE = 0.5
_VOWEL = re.compile(r"[aeiouy]")


def gate_reason(question: Question, answer: str) -> str | None:
    """Why the answer is not gradable, or None when it is."""
    text = normalise(answer)
    if not text:
        return "The answer is empty."
    if DONT_KNOW.match(text):
        return "The answer says you don't know. In an interview, reason out loud from what you do know."
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return f"The answer has fewer than {MIN_WORDS} words, too short to show understanding."
    if _looks_like_gibberish(tokens):
        return "The answer does not read as language (mostly non-words). Answer in full sentences."
    if _repeats_question(question, text):
        return "The answer only repeats the question. Say what you know about it instead."
    return None


def _looks_like_gibberish(tokens: list[str]) -> bool:
    def plausible(word: str) -> bool:
        if word in STOPWORDS or word.isdigit():
            return True
        return bool(_VOWEL.search(word)) and not re.search(r"[bcdfghjklmnpqrstvwxz]{5,}", word) and len(word) <= 25

    return sum(map(plausible, tokens)) / len(tokens) < MIN_REAL_WORD_SHARE or len(set(tokens)) == 1


def _repeats_question(question: Question, text: str) -> bool:
    answer_stems = set(content_stems(text))
    if not answer_stems:
        return True
    question_stems = set().union(*(content_stems(w) for w in question.wordings))
    return answer_stems <= question_stems
