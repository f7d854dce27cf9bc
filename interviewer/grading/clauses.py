"""Text prepared for claim matching: clauses of canonical tokens.

A text is split into sentences and clauses (at commas, semicolons and contrast words); each word becomes its
lemma stem, and each synonym phrase of the field (interviewer.rubric.synonyms) one token for its group
("negative log-likelihood" and "cross-entropy" alike). Each clause records its negations and their scope,
whether it states something (a predicate) or only lists terms, and whether its sentence is hypothetical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interviewer.grading.lemmas import lemma, lemma_stem
from interviewer.rubric.synonyms import PLAIN_WORDS, SYNONYM_GROUPS
from interviewer.nlp.text import STOPWORDS, WORD, normalise

NEGATION_SCOPE = 4  # a negation flips the terms among the next few words, not the whole clause
NEGATIONS = frozenset("not no never without cannot neither nor none nothing".split())
# In a point's statement these already negate ("halts training when the loss stops improving"), so an
# answer's "has not improved" does not flip it.
IMPLICIT_NEGATIONS = frozenset("stop stops halt halts prevent prevents avoid avoids fail fails lack lacks".split())
HYPOTHESIS = frozenset("if unless otherwise without".split())  # set up a counterfactual for the sentence
MODALS = frozenset("would could".split())
# Function words that join the items of a list of terms ("A, B and C such as D"): no predicate.
LIST_GLUE = frozenset("a an the and or of eg e.g ie etc such like as with for other also more most".split())
DETERMINERS = frozenset("the a an your its their each every".split())
# Words that make a clause a statement rather than a list of terms.
LINKING = frozenset(
    """is are was were be been being am do does did has have had can could will would should may might must
    so because by which that to when if it they this we i you them its their instead than""".split()
)
# Verbs an answer states things with; an inflected one ("avoids", "zeroed") makes a clause a claim.
VERBS = """avoid prevent reduce add make help allow let learn drop keep compute map use stop combine scale normalize
    normalise shift multiply take give turn push produce convert mean capture represent store remove ignore predict
    measure shrink penalize penalise drive introduce collapse saturate update freeze train mitigate solve fix cause
    lead encourage force squash output assign replace average reuse transfer adapt start tune adjust control limit
    improve speed stabilize stabilise zero detect halt rise fall grow boost lower cut decrease increase switch mask
    rescale subtract divide exponentiate sum pass send propagate estimate approximate fit memorize memorise
    generalize generalise overfit underfit converge diverge explode vanish fade bend clip attend weigh mix focus
    compare match merge split select pick choose unfreeze retrain initialize initialise sample generate
    discriminate classify cluster label encode decode embed translate summarize look decide remember forget
    connect spread count rely work break learn tell find need depend matter happen go get"""
BOUNDARY = re.compile(
    r"(?<=[.!?;])\s+|\n+|\s*,?\s+(?=(?:but|whereas|while|although|though|however|unlike|rather than|and not)\b)"
    r"|,\s*|\s+(?=and (?:the|it|they|this|that|we|you|i)\b)"
)


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    tokens: tuple[str, ...]       # every word as a canonical lemma stem, in order
    content: frozenset[str]       # the tokens that carry meaning
    scopes: tuple[frozenset[str], ...]  # per negation, the tokens it governs
    predicate: bool
    hypothetical: bool            # in an "if ..., it would never ..." sentence a negation asserts nothing
    sentence: int


@lru_cache(maxsize=256)
def analyse(text: str) -> tuple[Clause, ...]:
    clauses = []
    start, conditional, sentence = 0, False, 0  # conditional: an earlier clause of this sentence set up a hypothesis
    for boundary in [*BOUNDARY.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        chunk = text[start:end]
        words = WORD.findall(normalise(chunk))
        if words:
            lead = len(chunk) - len(chunk.lstrip())
            tokens, content = canonical_tokens(tuple(words))
            conditional = conditional or bool(HYPOTHESIS & set(words))
            clauses.append(Clause(start + lead, end, tokens, content, _scopes(words, tokens), _states(words),
                                   conditional or bool(MODALS & set(words)), sentence))
        if boundary is None or "\n" in boundary.group() or text[boundary.start() - 1:boundary.start()] in (".", "!", "?"):
            conditional, sentence = False, sentence + 1
        start = boundary.end() if boundary else len(text)
    return tuple(clauses)


def negations(words: list[str]) -> int:
    return sum(w in NEGATIONS or w.endswith("n't") or w in IMPLICIT_NEGATIONS for w in words)


def _scopes(words: list[str], tokens: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    cues = {lemma_stem(w) for w in words if w in NEGATIONS or w.endswith("n't")}
    return tuple(frozenset(tokens[i + 1:i + 1 + NEGATION_SCOPE]) for i, t in enumerate(tokens)
                 if t in cues and not (t == "no" and i and tokens[i - 1] == "yes"))  # "yes/no" negates nothing


def _states(words: list[str]) -> bool:
    """A predicate is present: a function word beyond those that join terms in a list, or a verb inflected as one
    ("avoids", "dropped"). "ReLU, sigmoid and tanh" and "vanishing gradient complex patterns" state nothing."""
    if any(w in LINKING or w in STOPWORDS and w not in LIST_GLUE or w.endswith("n't") for w in words):
        return True
    if len(words) > 2 and words[0] in _verbs() and words[1] in DETERMINERS:
        return True  # an instruction states what to do: "tune the threshold"
    return any(w.endswith(("s", "ed")) and lemma(w) != w and lemma(w) in _verbs() for w in words[1:])


def _is_content(word: str) -> bool:
    return word not in STOPWORDS and len(word) > 1 and not word.endswith("n't")


@lru_cache(maxsize=4096)
def canonical_tokens(words: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """Lemma stems, each synonym phrase (longest first) replaced by its group's token; and the content tokens."""
    stems = [lemma_stem(w) for w in words]
    index = _synonym_index()
    out, content, i = [], set(), 0
    while i < len(stems):
        for phrase, canon in index.get(stems[i], ()):
            if tuple(stems[i:i + len(phrase)]) == phrase:
                out.append(canon)
                content.add(canon)
                i += len(phrase)
                break
        else:
            out.append(stems[i])
            if _is_content(words[i]):
                content.add(stems[i])
            i += 1
    return tuple(out), frozenset(content)


@lru_cache(maxsize=1)
def _synonym_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for group in (*SYNONYM_GROUPS, *PLAIN_WORDS):
        canon = "=" + "_".join(lemma_stem(w) for w in WORD.findall(normalise(group[0])))
        for term in group:
            phrase = tuple(lemma_stem(w) for w in WORD.findall(normalise(term)))
            if phrase:
                index.setdefault(phrase[0], []).append((phrase, canon))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    return frozenset(VERBS.split())


@lru_cache(maxsize=1)
def typo_spellings() -> dict[str, tuple[str, ...]]:
    """The one-word members of each synonym group, by the group's token (for typo matching)."""
    found: dict[str, set[str]] = {}
    for canon, phrase in ((c, p) for entries in _synonym_index().values() for p, c in entries):
        if len(phrase) == 1:
            found.setdefault(canon, set()).add(phrase[0])
    return {canon: tuple(sorted(members)) for canon, members in found.items()}


def text_tokens(text: str) -> tuple[str, ...]:
    return canonical_tokens(tuple(WORD.findall(normalise(text))))[0]


def content_tokens(text: str) -> frozenset[str]:
    return canonical_tokens(tuple(WORD.findall(normalise(text))))[1]
