"""The validity gate: answers that cannot earn credit get 0 and a plain reason, with no grader call."""

from __future__ import annotations

import re

from interviewer.domain.questions import Question
from interviewer.nlp.text import STOPWORDS, content_stems, normalise, stem, words

DONT_KNOW = re.compile(
    r"^(i (really )?(do not|don't|dont) know|no idea|not sure|idk|pass|skip|no clue|i have no idea|"
    r"i('m| am) not sure|n/?a|none|nothing|\?+|-+|\.+)[\s.!?]*$"
)
MIN_WORDS = 3
# Words that hedge or fill without saying anything checkable. An answer that hedges and, beyond these and
# the question's own words, says at most MAX_HEDGED_CONTENT content words is a non-answer.
HEDGES = re.compile(
    r"\b(i (think|guess|believe|suppose)|not (really |entirely |totally |quite )?sure|maybe|perhaps|probably|"
    r"possibly|it depends|kind of|sort of|somehow|something like|i('m| am) not certain|hard to say)\b"
)
FILLER = frozenset(
    """think guess believe suppose sure really entirely totally quite certain maybe perhaps probably possibly
    depend depends kind sort somehow something anything everything thing things stuff way ways lot lots
    good better well right know say said hard case cases situation situations matter matters mean basically
    actually honestly pretty hmm um uh yeah yes ok okay help helps work works important related relate
    involve involves involved affect affects i'm it's that's there's don't i'd i'll""".split()
)
MAX_HEDGED_CONTENT = 1
MIN_REAL_WORD_SHARE = 0.5
_VOWEL = re.compile(r"[aeiouy]")


def gate_reason(question: Question, answer: str, follow_up: str | None = None) -> str | None:
    """Why the answer is not gradable, or None when it is. For the answer to a follow-up, `follow_up` is
    the question asked: repeating its words earns nothing either."""
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
    asked = [*question.wordings, follow_up or ""]
    if _repeats_question(asked, text):
        return "The answer only repeats the question. Say what you know about it instead."
    if _hedges_without_content(asked, text):
        return ("The answer hedges without saying anything that can be checked. Commit to a claim and give "
                "your reasoning, even if you are unsure.")
    return None


def _looks_like_gibberish(tokens: list[str]) -> bool:
    def plausible(word: str) -> bool:
        if word in STOPWORDS or word.isdigit():
            return True
        return bool(_VOWEL.search(word)) and not re.search(r"[bcdfghjklmnpqrstvwxz]{5,}", word) and len(word) <= 25

    return sum(map(plausible, tokens)) / len(tokens) < MIN_REAL_WORD_SHARE or len(set(tokens)) == 1


def _repeats_question(asked: list[str], text: str) -> bool:
    answer_stems = set(content_stems(text))
    if not answer_stems:
        return True
    return answer_stems <= _stems_of(asked)


def _hedges_without_content(asked: list[str], text: str) -> bool:
    if not HEDGES.search(text):
        return False
    filler = {stem(w) for w in FILLER}
    said = set(content_stems(text)) - filler - _stems_of(asked)
    return len(said) <= MAX_HEDGED_CONTENT


def _stems_of(texts: list[str]) -> set[str]:
    return set().union(*(content_stems(t) for t in texts))
