"""Does a text state a key point? Claims, not keywords.

A point is covered when a clause of the text, two adjacent clauses, a sentence or two adjacent sentences use
enough of the point's terms (at least one of them specific to the point), and the text makes statements: an
answer that only lists terms earns at most partial, unless the question asks for a list. Terms are compared
as canonical tokens (interviewer.grading.clauses: lemmas, field synonyms), and the question's own words earn
nothing (question demoting, Sultan et al. 2016). A clause that carries the point's terms but flips it, by a
negation the point does not have or a swapped opposite ("only at inference" for "during training", "L2" for
"L1", "more parameters" for "fewer"), makes the verdict incorrect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


from interviewer.domain.feedback import Verdict
from interviewer.domain.rubrics import KeyPoint
from interviewer.grading.clauses import (
    NEGATION_SCOPE, WORD, Clause, analyse, content_tokens, negations, text_tokens, typo_spellings,
)
from interviewer.rubric.synonyms import COUNTERPARTS, ONE_WAY_OPPOSITES, OPPOSITES
from interviewer.nlp.text import normalise

COVERED_SHARE = 0.3     # share of the point's (demoted) terms a window must use to state it
PARTIAL_SHARE = 0.1     # ... to touch it
PHRASE_SUPPORT = 0.15   # a one-word accepted phrasing also needs this share of the point's other terms
STRICT_SHARE = 0.6      # a misconception must be stated nearly whole, in one clause
CONTRADICT_SHARE = 0.5  # a flipped clause must carry this much of the point to contradict it
FUZZY_MIN_CHARS = 6     # shorter terms must match exactly: "l1" vs "l2" is not a typo
FUZZY_THRESHOLD = 84

# Words every deep-learning answer uses: they do not show that a clause is about a particular point.
GENERIC_WORDS = "data train model network neural deep learn layer input output use make value number time way work " \
                "task result weight loss penalty feature add"
# A question that asks for names, examples, code or a formula is answered by a list: no predicate needed.
ASKS_FOR_LIST = re.compile(
    r"\b(?:enumerate|list|name|mention|examples?|samples|what are (?:some|the|three|two)|items|properties"
    r"|families|pseudo ?code|write down|formula|define)\b|\bwhich\?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ClaimJudgement:
    verdict: Verdict
    quote: str  # the clause of the text that decided it; "" when missing


@dataclass(frozen=True)
class _Point:
    wanted: frozenset[str]                 # the statement's content tokens, less the question's
    phrasings: tuple[tuple[str, ...], ...]  # accepted wordings as token sequences, less question-only ones
    opposites: tuple[tuple[str, str], ...]  # (the point's token, the token that would flip it)
    subjects: frozenset[str]                # the point's tokens that name what it is about ("L1" in "L1 ... zero")
    negations: int
    lists_answer: bool  # the question asks for a list (names, examples, code): terms alone can state the point


def judge_text(text: str, point: KeyPoint, question_text: str) -> ClaimJudgement:
    """Whether `text` alone states `point`: covered, partial, named, missing or incorrect, with the deciding clause."""
    return judge_claim(text, point.statement, tuple(point.phrasings), question_text)


def judge_claim(text: str, statement: str, phrasings: tuple[str, ...], question_text: str) -> ClaimJudgement:
    """judge_text for any claim (a key point or a misconception): its statement and accepted wordings."""
    clauses = analyse(text)
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
    # Terms with no statement anywhere are named, not explained.
    return ClaimJudgement(Verdict.COVERED if rank == 2 else Verdict.PARTIAL if stated else Verdict.NAMED, quote)


def shared_terms(text: str, *others: str) -> int:
    """How many of the text's content terms (lemmas, synonyms resolved) appear in any of the others."""
    return len(content_tokens(text) & frozenset().union(*(content_tokens(o) for o in others)))


def states_claim(text: str, statement: str, phrasings: tuple[str, ...], question_text: str) -> str | None:
    """The clause of `text` that makes this claim outright, or None. Stricter than judge_claim (one clause,
    most of the claim's terms, no flip): for misconceptions, where a false match costs an honest answer points."""
    point = _prepare(statement, phrasings, question_text)
    if not point.wanted:
        return None
    for clause in analyse(text):
        clause_hits = _hits(point, clause)
        negated, swaps = _flips(point, clause, clause_hits)
        phrased = [p for p in point.phrasings if _contains(clause.tokens, p)]
        if phrased and clause.predicate and not swaps:
            # An accepted wording said outright; its own negations ("doesn't need") are part of it.
            if len(clause.scopes) <= max(negations(list(p)) for p in phrased):
                return text[clause.start:clause.end]
            continue
        if negated or swaps or not clause.predicate:
            continue
        # A claim that denies something ("does not need labels") is not made by a clause that affirms it.
        denies = sum(1 for scope in clause.scopes if scope & (clause_hits | {t for p in point.phrasings for t in p}))
        if point.negations and not denies and not _has_phrasing(point, clause):
            continue
        share = len(clause_hits) / len(point.wanted)
        specific_needed = min(2, len(point.wanted - _generic()))
        if share >= STRICT_SHARE and len(clause_hits - _generic()) >= specific_needed or _has_phrasing(point, clause):
            return text[clause.start:clause.end]
    return None


def says_phrasing(text: str, statement: str, phrasings: tuple[str, ...], question_text: str) -> str | None:
    """The clause of `text` that says one of a claim's accepted wordings outright (no negation or swap
    turns it around), or None. Stricter than states_claim: for overruling a grader, where shared terms are
    not evidence enough ("I judge it only on data it never saw while training" shares most of "performance
    can be judged on the training data")."""
    point = _prepare(statement, phrasings, question_text)
    for clause in analyse(text):
        if _has_phrasing(point, clause) and _flips(point, clause, _hits(point, clause)) == (0, set()):
            return text[clause.start:clause.end]
    return None


def _windows(clauses: tuple[Clause, ...]) -> list[tuple[int, int]]:
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


def _hits(point: _Point, clause: Clause) -> set[str]:
    from rapidfuzz import fuzz, process  # loaded with the first grade, not with the module

    found = set(point.wanted & clause.content)
    for term in point.wanted - found:
        spellings = [s for s in typo_spellings().get(term, (term,)) if len(s) >= FUZZY_MIN_CHARS - 1]
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


def _flips(point: _Point, clause: Clause, clause_hits: set[str]) -> tuple[int, set[str]]:
    """(1 when more negations govern the point's terms here than its statement has, else 0; the swapped tokens)."""
    governed = {t for p in point.phrasings for t in p} | clause_hits
    denied = sum(1 for scope in clause.scopes if scope & governed) > point.negations and not clause.hypothetical
    return int(denied), _swaps(point, clause, clause_hits)


def _has_phrasing(point: _Point, clause: Clause) -> bool:
    return any(_contains(clause.tokens, p) for p in point.phrasings)


def _swaps(point: _Point, clause: Clause, clause_hits: set[str]) -> set[str]:
    """The point's tokens whose opposite the clause says instead. A property's opposite counts only near the
    point's terms, as a negation does: in "it increases the diversity so the model overfits less", "increases"
    is about diversity, not the point's "reduces overfitting"."""
    tokens = set(clause.tokens)
    near = {i for i, t in enumerate(clause.tokens) if t in clause_hits}
    swaps = set()
    for mine, flip in point.opposites:
        if mine in tokens or flip not in tokens:
            continue
        at = [i for i, t in enumerate(clause.tokens) if t == flip]
        if mine in point.subjects or not near or any(abs(i - j) <= NEGATION_SCOPE for i in at for j in near):
            swaps.add(mine)
    return swaps


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset().union(*(content_tokens(w) for w in GENERIC_WORDS.split()))  # word by word: no phrases


@lru_cache(maxsize=2048)
def _prepare(statement: str, phrasings: tuple[str, ...], question_text: str) -> _Point:
    asked = content_tokens(question_text)
    full = content_tokens(statement)
    wanted = full - asked or full  # a point made only of the question's words keeps them
    own_phrasings = tuple(
        p for p in (text_tokens(x) for x in phrasings) if p and not set(p) <= asked
    )
    statement_tokens = set(text_tokens(statement)) | {t for p in own_phrasings for t in p}
    opposites, subjects = [], set()
    pairs = [*OPPOSITES, *((b, a) for a, b in OPPOSITES), *ONE_WAY_OPPOSITES]
    for a, b in [*pairs, *COUNTERPARTS, *((b, a) for a, b in COUNTERPARTS)]:
        ta, tb = text_tokens(a), text_tokens(b)
        if len(ta) == 1 and len(tb) == 1 and ta[0] in statement_tokens and tb[0] not in statement_tokens:
            opposites.append((ta[0], tb[0]))
            if (a, b) in COUNTERPARTS or (b, a) in COUNTERPARTS:
                subjects.add(ta[0])
    return _Point(frozenset(wanted), own_phrasings, tuple(opposites), frozenset(subjects),
                  negations(WORD.findall(normalise(statement))),
                  bool(ASKS_FOR_LIST.search(question_text)))
