"""Does a text state a key point? Claims, not keywords.

A point is covered when a clause of the text (or two adjacent clauses, for "This ..." follow-ons) uses
enough of the point's terms with a predicate; a list of terms with no verb earns at most partial.
Terms are compared as lemma stems after field synonyms (interviewer.rubric.synonyms), and the
question's own words earn nothing (question demoting, Sultan et al. 2016). A clause that carries the
point's terms but flips it, by more negations than the point has or by a swapped opposite
("only at inference" for "during training", "L2" for "L1"), makes the verdict incorrect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from interviewer.domain.feedback import Verdict
from interviewer.domain.rubrics import KeyPoint
from interviewer.grading.lemmas import lemma, lemma_stem
from interviewer.rubric.synonyms import COUNTERPARTS, ONE_WAY_OPPOSITES, OPPOSITES, PLAIN_WORDS, SYNONYM_GROUPS
from interviewer.text import STOPWORDS, normalise

COVERED_SHARE = 0.3     # share of the point's (demoted) terms a window must use to state it
PARTIAL_SHARE = 0.1     # ... to touch it
PHRASE_SUPPORT = 0.15   # a one-word accepted phrasing also needs this share of the point's other terms
STRICT_SHARE = 0.6      # a misconception must be stated nearly whole, in one clause
CONTRADICT_SHARE = 0.5  # a flipped clause must carry this much of the point to contradict it
NEGATION_SCOPE = 4      # a negation flips the terms among the next few words, not the whole clause
FUZZY_MIN_CHARS = 6     # shorter terms must match exactly: "l1" vs "l2" is not a typo
FUZZY_THRESHOLD = 84

NEGATIONS = frozenset("not no never without cannot neither nor none nothing".split())
# In a point's statement these already negate ("halts training when the loss stops improving"), so an
# answer's "has not improved" does not flip it.
IMPLICIT_NEGATIONS = frozenset("stop stops halt halts prevent prevents avoid avoids fail fails lack lacks".split())
HYPOTHESIS = frozenset("if unless otherwise without".split())  # set up a counterfactual for the sentence
MODALS = frozenset("would could".split())
# Words every deep-learning answer uses: they do not show that a clause is about a particular point.
GENERIC_WORDS = "data train model network neural deep learn layer input output use make value number time way work " \
                "task result weight loss penalty feature add"
# Function words that join the items of a list of terms ("A, B and C such as D"): no predicate.
LIST_GLUE = frozenset("a an the and or of eg e.g ie etc such like as with for other also more most".split())
# Words that make a clause a statement rather than a list of terms.
LINKING = frozenset(
    """is are was were be been being am do does did has have had can could will would should may might must
    so because by which that to when if it they this we i you them its their""".split()
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
# A question that asks for names, examples, code or a formula is answered by a list: no predicate needed.
ASKS_FOR_LIST = re.compile(
    r"\b(?:enumerate|list|name|mention|examples?|samples|what are (?:some|the|three|two)|items|properties"
    r"|families|pseudo ?code|write down|formula|define)\b|\bwhich\?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_BOUNDARY = re.compile(
    r"(?<=[.!?;])\s+|\n+|\s*,?\s+(?=(?:but|whereas|while|although|though|however|unlike|rather than|and not)\b)"
    r"|,\s*|\s+(?=and (?:the|it|they|this|that|we|you|i)\b)"
)


@dataclass(frozen=True)
class ClaimJudgement:
    verdict: Verdict
    quote: str  # the clause of the text that decided it; "" when missing


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int
    tokens: tuple[str, ...]       # every word as a canonical lemma stem, in order
    content: frozenset[str]       # the tokens that carry meaning
    scopes: tuple[frozenset[str], ...]  # per negation, the tokens it governs
    predicate: bool
    hypothetical: bool            # in an "if ..., it would never ..." sentence a negation asserts nothing
    sentence: int


@dataclass(frozen=True)
class _Point:
    wanted: frozenset[str]                 # the statement's content tokens, less the question's
    phrasings: tuple[tuple[str, ...], ...]  # accepted wordings as token sequences, less question-only ones
    opposites: tuple[tuple[str, str], ...]  # (the point's token, the token that would flip it)
    subjects: frozenset[str]                # the point's tokens that name what it is about ("L1" in "L1 ... zero")
    negations: int
    lists_answer: bool  # the question asks for a list (names, examples, code): terms alone can state the point


def judge_text(text: str, point: KeyPoint, question_text: str) -> ClaimJudgement:
    """Whether `text` alone states `point`: covered, partial, missing or incorrect, with the deciding clause."""
    return judge_claim(text, point.statement, tuple(point.phrasings), question_text)


def judge_claim(text: str, statement: str, phrasings: tuple[str, ...], question_text: str) -> ClaimJudgement:
    """judge_text for any claim (a key point or a misconception): its statement and accepted wordings."""
    clauses = _analyse(text)
    point = _prepare(statement, phrasings, question_text)
    if not clauses or not point.wanted:
        return ClaimJudgement(Verdict.MISSING, "")
    hits = [_hits(point, c) for c in clauses]
    phrased = [_has_phrasing(point, c) for c in clauses]
    flips = [_flips(point, c, h) for c, h in zip(clauses, hits)]

    for clause, clause_hits, phrase, (negated, swaps) in zip(clauses, hits, phrased, flips):
        if not _contradicts(point, negated, swaps):
            continue
        # A swapped opposite is itself evidence the clause is about this point ("more parameters" for "fewer").
        support = clause_hits | swaps
        specific = support - _generic()
        share = len(support) / len(point.wanted)
        if share >= CONTRADICT_SHARE and len(specific) >= 2 or phrase and specific:
            return ClaimJudgement(Verdict.INCORRECT, text[clause.start:clause.end])

    best: tuple[int, int, float, int, int] = (0, 0, 0.0, -1, -1)  # (rank, -width, share, first, last)
    # A text with no predicate anywhere is a list of terms: it states nothing, so it earns at most partial.
    # Fragments inside prose ("Higher rate, faster learning.") are read with the prose around them.
    stated = point.lists_answer or any(c.predicate for c in clauses)
    for i, j in _windows(clauses):
        window = [k for k in range(i, j + 1) if not (flips[k][0] or flips[k][1])]  # a flipped clause says else
        if window:
            used = set().union(*(hits[k] for k in window))
            keep = [k for k in window if hits[k] or phrased[k]]
            share = len(used) / len(point.wanted)
            phrase = any(phrased[k] for k in window)
            rank = _rank(share, phrase, stated) if phrase or used - _generic() else 0  # generic words alone: no
            if rank and (rank, -len(keep), share) > best[:3]:  # the strongest verdict from the fewest clauses
                best = (rank, -len(keep), share, keep[0], keep[-1])
    rank, _, _, first, last = best
    if not rank:
        return ClaimJudgement(Verdict.MISSING, "")
    quote = text[clauses[first].start:clauses[last].end]
    return ClaimJudgement(Verdict.COVERED if rank == 2 else Verdict.PARTIAL, quote)


def shared_terms(text: str, *others: str) -> int:
    """How many of the text's content terms (lemmas, synonyms resolved) appear in any of the others."""
    return len(_content_tokens(text) & frozenset().union(*(_content_tokens(o) for o in others)))


def states_claim(text: str, statement: str, phrasings: tuple[str, ...], question_text: str) -> str | None:
    """The clause of `text` that makes this claim outright, or None. Stricter than judge_claim (one clause,
    most of the claim's terms, no flip): for misconceptions, where a false match costs an honest answer points."""
    point = _prepare(statement, phrasings, question_text)
    if not point.wanted:
        return None
    for clause in _analyse(text):
        clause_hits = _hits(point, clause)
        negated, swaps = _flips(point, clause, clause_hits)
        if negated or swaps or not clause.predicate:
            continue
        share = len(clause_hits) / len(point.wanted)
        specific_needed = min(2, len(point.wanted - _generic()))
        if share >= STRICT_SHARE and len(clause_hits - _generic()) >= specific_needed or _has_phrasing(point, clause):
            return text[clause.start:clause.end]
    return None


def _windows(clauses: tuple[_Clause, ...]) -> list[tuple[int, int]]:
    """Spans a point may be stated in: one clause, two adjacent clauses of a sentence, a sentence, or two adjacent
    sentences ("... This means ..."). Not the whole answer: unrelated padding cannot complete a point."""
    spans = {(i, i) for i in range(len(clauses))}
    spans |= {(i, i + 1) for i in range(len(clauses) - 1) if clauses[i].sentence == clauses[i + 1].sentence}
    firsts: dict[int, int] = {}
    lasts: dict[int, int] = {}
    for k, c in enumerate(clauses):
        firsts.setdefault(c.sentence, k)
        lasts[c.sentence] = k
    for n in firsts:
        spans.add((firsts[n], lasts[n]))
        if n + 1 in firsts:
            spans.add((firsts[n], lasts[n + 1]))
    return sorted(spans)


def _rank(share: float, phrase: bool, stated: bool) -> int:
    """2 covered, 1 partial, 0 missing. Terms listed without a predicate state nothing: at most partial,
    and only when they carry as much of the point as a covering clause would."""
    if not stated:
        return 1 if share >= COVERED_SHARE else 0
    if share >= COVERED_SHARE or phrase and share >= PHRASE_SUPPORT:
        return 2
    return 1 if share >= PARTIAL_SHARE or phrase else 0


def _hits(point: _Point, clause: _Clause) -> set[str]:
    found = set(point.wanted & clause.content)
    for term in point.wanted - found:
        spellings = [s for s in _spellings().get(term, (term,)) if len(s) >= FUZZY_MIN_CHARS - 1]
        if clause.content and any(
            process.extractOne(s, clause.content, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD) for s in spellings
        ):
            found.add(term)  # a typo ("augmentaton") still names the term
    return found


def _contradicts(point: _Point, negated: int, swaps: set[str]) -> bool:
    """Flips compose: a negation, a swapped property (any number: "slower, with more parameters") and a swapped
    subject each invert the claim once. "L2 adds absolute values" (subject) contradicts the L1 point; "L2 adds
    squared values" (subject and property) and "nothing is dropped at inference" (negation and property) do not."""
    subject = bool(swaps & point.subjects)
    return (negated + subject + bool(swaps - point.subjects)) % 2 == 1


def _flips(point: _Point, clause: _Clause, clause_hits: set[str]) -> tuple[int, set[str]]:
    """(1 when more negations govern the point's terms here than its statement has, else 0; the swapped tokens)."""
    governed = {t for p in point.phrasings for t in p} | clause_hits
    denied = sum(1 for scope in clause.scopes if scope & governed) > point.negations and not clause.hypothetical
    return int(denied), _swaps(point, clause)


def _has_phrasing(point: _Point, clause: _Clause) -> bool:
    return any(_contains(clause.tokens, p) for p in point.phrasings)


def _swaps(point: _Point, clause: _Clause) -> set[str]:
    """The point's tokens whose opposite the clause says instead."""
    tokens = set(clause.tokens)
    return {mine for mine, flip in point.opposites if mine not in tokens and flip in tokens}


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


# --- preparing text: clauses of canonical tokens ------------------------------------------------


@lru_cache(maxsize=256)
def _analyse(text: str) -> tuple[_Clause, ...]:
    clauses = []
    start, conditional, sentence = 0, False, 0  # conditional: an earlier clause of this sentence set up a hypothesis
    for boundary in [*_BOUNDARY.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        chunk = text[start:end]
        words = _WORD.findall(normalise(chunk))
        if words:
            lead = len(chunk) - len(chunk.lstrip())
            tokens, content = _tokens(tuple(words))
            conditional = conditional or bool(HYPOTHESIS & set(words))
            clauses.append(_Clause(start + lead, end, tokens, content, _scopes(words, tokens), _states(words),
                                   conditional or bool(MODALS & set(words)), sentence))
        if boundary is None or "\n" in boundary.group() or text[boundary.start() - 1:boundary.start()] in (".", "!", "?"):
            conditional, sentence = False, sentence + 1
        start = boundary.end() if boundary else len(text)
    return tuple(clauses)


def _negations(words: list[str]) -> int:
    return sum(w in NEGATIONS or w.endswith("n't") or w in IMPLICIT_NEGATIONS for w in words)


def _scopes(words: list[str], tokens: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    cues = {lemma_stem(w) for w in words if w in NEGATIONS or w.endswith("n't")}
    return tuple(frozenset(tokens[i + 1:i + 1 + NEGATION_SCOPE]) for i, t in enumerate(tokens)
                 if t in cues and not (t == "no" and i and tokens[i - 1] == "yes"))  # "yes/no" negates nothing


def _states(words: list[str]) -> bool:
    """A predicate is present: a function word beyond those that join terms in a list, or a verb inflected as one
    ("avoids", "dropped"). "ReLU, sigmoid and tanh" and "vanishing gradient complex patterns" state nothing."""
    if any(w in LINKING or w in STOPWORDS and w not in LIST_GLUE for w in words):
        return True
    return any(w.endswith(("s", "ed")) and lemma(w) != w and lemma(w) in _verbs() for w in words[1:])


def _is_content(word: str) -> bool:
    return word not in STOPWORDS and len(word) > 1 and not word.endswith("n't")


@lru_cache(maxsize=4096)
def _tokens(words: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
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
        canon = "=" + "_".join(lemma_stem(w) for w in _WORD.findall(normalise(group[0])))
        for term in group:
            phrase = tuple(lemma_stem(w) for w in _WORD.findall(normalise(term)))
            if phrase:
                index.setdefault(phrase[0], []).append((phrase, canon))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    return frozenset(VERBS.split())


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset().union(*(_content_tokens(w) for w in GENERIC_WORDS.split()))  # word by word: no phrases


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[str, ...]]:
    """The one-word members of each synonym group, by the group's token (for typo matching)."""
    found: dict[str, set[str]] = {}
    for canon, phrase in ((c, p) for entries in _synonym_index().values() for p, c in entries):
        if len(phrase) == 1:
            found.setdefault(canon, set()).add(phrase[0])
    return {canon: tuple(sorted(members)) for canon, members in found.items()}


def _text_tokens(text: str) -> tuple[str, ...]:
    return _tokens(tuple(_WORD.findall(normalise(text))))[0]


def _content_tokens(text: str) -> frozenset[str]:
    return _tokens(tuple(_WORD.findall(normalise(text))))[1]


@lru_cache(maxsize=2048)
def _prepare(statement: str, phrasings: tuple[str, ...], question_text: str) -> _Point:
    asked = _content_tokens(question_text)
    full = _content_tokens(statement)
    wanted = full - asked or full  # a point made only of the question's words keeps them
    own_phrasings = tuple(
        p for p in (_text_tokens(x) for x in phrasings) if p and not set(p) <= asked
    )
    statement_tokens = set(_text_tokens(statement)) | {t for p in own_phrasings for t in p}
    opposites, subjects = [], set()
    pairs = [*OPPOSITES, *((b, a) for a, b in OPPOSITES), *ONE_WAY_OPPOSITES]
    for a, b in [*pairs, *COUNTERPARTS, *((b, a) for a, b in COUNTERPARTS)]:
        ta, tb = _text_tokens(a), _text_tokens(b)
        if len(ta) == 1 and len(tb) == 1 and ta[0] in statement_tokens and tb[0] not in statement_tokens:
            opposites.append((ta[0], tb[0]))
            if (a, b) in COUNTERPARTS or (b, a) in COUNTERPARTS:
                subjects.add(ta[0])
    negations = _negations(_WORD.findall(normalise(statement)))
    return _Point(frozenset(wanted), own_phrasings, tuple(opposites), frozenset(subjects), negations,
                  bool(ASKS_FOR_LIST.search(question_text)))
