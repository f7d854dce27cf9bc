"""The validity gate: answers that cannot earn credit get 0 and a plain reason, with no grader call."""

from __future__ import annotations

import re

from interviewer.domain.questions import Question
from interviewer.nlp.text import STOPWORDS, content_stems, normalise, stem, words

# Saying, in any of the usual ways, that you do not know. With nothing checkable beside it, the answer is a
# non-answer however it is phrased ("Honestly I don't know this one.", "Sorry, I can't remember.").
NOT_KNOWING = re.compile(
    r"\b(?:(?:do not|don't|dont|do n't) (?:really )?know|no idea|idk|no clue|pass|skip|"
    r"(?:can't|cannot|can not|don't|do not) (?:remember|recall|say)|(?:i )?forgot|forget it|no (?:answer|comment)|"
    r"not familiar|never heard|haven't heard|(?:have|got) nothing|draw(?:ing)? a blank|blank|n/?a|none|nothing)\b"
    r"|^[\s?.!-]+$"
)
MIN_WORDS = 2  # "Supervised, unsupervised" answers "which classes?"; one word rarely answers anything
# Words that hedge or fill without saying anything checkable. An answer that hedges and, beyond these and
# the question's own words, says at most MAX_HEDGED_CONTENT content words is a non-answer.
HEDGES = re.compile(
    r"\b(i (think|guess|believe|suppose)|not (really |entirely |totally |quite )?sure|maybe|perhaps|probably|"
    r"possibly|it depends|kind of|sort of|somehow|something like|i('m| am) not certain|hard to say)\b"
)
FILLER = frozenset(
    """sorry honestly unfortunately afraid apologies apologise apologize really one question this that remember
    recall forgot forget idea clue familiar heard pass skip blank draw moment right now off top head come mind please
    think guess believe suppose sure really entirely totally quite certain maybe perhaps probably possibly
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
    asked = [*question.wordings, follow_up or ""]
    if NOT_KNOWING.search(text) and _content_beyond_filler(asked, text) <= MAX_HEDGED_CONTENT:
        return "The answer says you don't know. In an interview, reason out loud from what you do know."
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return f"The answer has fewer than {MIN_WORDS} words, too short to show understanding."
    if _looks_like_gibberish(tokens):
        return "The answer does not read as language (mostly non-words). Answer in full sentences."
    if _repeats_question(asked, text):
        return "The answer only repeats the question. Say what you know about it instead."
    if _hedges_without_content(asked, text):
        return ("The answer hedges without saying anything that can be checked. Commit to a claim and give "
                "your reasoning, even if you are unsure.")
    return None


def _looks_like_gibberish(tokens: list[str]) -> bool:
    def plausible(word: str) -> bool:
        if word in STOPWORDS:
            return True
        return bool(_VOWEL.search(word)) and not re.search(r"[bcdfghjklmnpqrstvwxz]{5,}", word) and len(word) <= 25

    # Symbols of a formula or code (x, W_f, h_t, b2) are neither words nor gibberish.
    wordlike = [t for t in tokens if len(t) > 2 and not any(ch.isdigit() or ch == "_" for ch in t)]
    if len(set(tokens)) == 1:
        return True
    return bool(wordlike) and sum(map(plausible, wordlike)) / len(wordlike) < MIN_REAL_WORD_SHARE


def _repeats_question(asked: list[str], text: str) -> bool:
    answer_stems = set(content_stems(text))
    if not answer_stems:
        return True
    return answer_stems <= _stems_of(asked)


def _hedges_without_content(asked: list[str], text: str) -> bool:
    return bool(HEDGES.search(text)) and _content_beyond_filler(asked, text) <= MAX_HEDGED_CONTENT


def _content_beyond_filler(asked: list[str], text: str) -> int:
    """Content words that are neither filler nor the question's own."""
    filler = {stem(w) for w in FILLER}
    return len(set(content_stems(text)) - filler - _stems_of(asked))


def _stems_of(texts: list[str]) -> set[str]:
    return set().union(*(content_stems(t) for t in texts))
