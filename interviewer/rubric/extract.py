"""Deterministic rubric drafts from reference answers (no network).

Candidates are the techniques a reference enumerates ("such as A, B, and C") and its sentences.
Candidates that several references share are merged, and weighted by how many references name them.
Filler ("depending on the task"), anecdotes ("In a recent project") and promotion are dropped.
A draft is a starting point for a human reviewer, not a finished rubric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interviewer.domain.questions import Kind, Question
from interviewer.domain.rubrics import (
    MAX_POINTS, MIN_POINTS, KeyPoint, Rubric, StarCriterion, normalised_weights, reference_hash,
)
from interviewer.rubric.dimensions import STANDARD_STAR
from interviewer.rubric.synonyms import synonyms_of
from interviewer.nlp.text import content_stems, normalise, sentences, words

FILLER = re.compile(
    r"depending on the (task|problem|project)|it depends|in a recent project|in my (last|previous|recent)"
    r"|i have (extensive|a lot of) experience|\bcourse\b|check out|for further assistance|as we can see"
    r"|^(for (example|instance)|to illustrate|to demonstrate)\b|\d+(\.\d+)?%",
    re.IGNORECASE,
)
ENUMERATION = re.compile(
    r"\b(?:such as|like|including|include|includes|e\.g\.,?|techniques? (?:like|such as))\s+([^.;:]+)", re.IGNORECASE
)
SENTENCE_MIN_STEMS = 4
SAME_SENTENCE = 0.5  # Jaccard of content stems for two sentences to count as one point
MAX_ITEM_WORDS = 5
# An enumeration's last item runs on into the clause's verb ("dropout and weight decay help"): cut there.
ITEM_END = re.compile(r"\s+\b(help|helps|work|works|improve|improves|reduce|reduces|prevent|prevents|can|to|are|is|was"
                      r"|were|for|in|on|when)\b.*$", re.I)


@dataclass
class Candidate:
    text: str
    technique: bool
    stems: frozenset[str]
    references: set[int] = field(default_factory=set)
    first_seen: tuple[int, int] = (0, 0)  # (reference, position) for stable ordering


def enumerated_items(sentence: str) -> list[str]:
    items = []
    for match in ENUMERATION.finditer(sentence):
        for raw in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", match.group(1)):
            item = re.sub(r"^(the|a|an|using|techniques? like)\s+", "", raw.strip(), flags=re.I)
            item = ITEM_END.sub("", item).strip(" ()")
            relative_clause = re.match(r"(which|that|who|where)\b", item, re.I)
            if item and not relative_clause and len(item.split()) <= MAX_ITEM_WORDS and content_stems(item):
                items.append(item)
    return items


def _candidates(question: Question) -> list[Candidate]:
    found: list[Candidate] = []

    def add(text: str, technique: bool, ref: int, pos: int) -> None:
        # Synonyms ("weight decay", "L2 regularization") are one technique: key them by their group's head.
        stems = frozenset(content_stems(synonyms_of(text)[0] if technique else text))
        for cand in found:
            same = cand.stems == stems if technique or cand.technique else (
                len(cand.stems & stems) / len(cand.stems | stems) >= SAME_SENTENCE
            )
            if cand.technique == technique and same:
                cand.references.add(ref)
                return
        found.append(Candidate(text, technique, stems, {ref}, (ref, pos)))

    for ref_no, ref in enumerate(question.references, 1):
        for pos, sentence in enumerate(sentences(ref.answer)):
            if FILLER.search(sentence):
                continue
            for item in enumerated_items(sentence):
                add(item, True, ref_no, pos)
            if len(content_stems(sentence)) >= SENTENCE_MIN_STEMS and not sentence.rstrip().endswith(":"):
                add(sentence, False, ref_no, pos)
    # A technique also counts as named by any reference that mentions it anywhere.
    for cand in (c for c in found if c.technique):
        for ref_no, ref in enumerate(question.references, 1):
            if any(_mentions(ref.answer, term) for term in synonyms_of(cand.text)):
                cand.references.add(ref_no)
    return _fold_into_specific(found)


def _fold_into_specific(found: list[Candidate]) -> list[Candidate]:
    """"L2" and "L2 regularization" are one point: keep the more specific wording."""
    kept: list[Candidate] = []
    for cand in sorted(found, key=lambda c: -len(c.stems)):
        host = next((k for k in kept if k.technique and cand.technique and cand.stems < k.stems), None)
        if host:
            host.references |= cand.references
            host.first_seen = min(host.first_seen, cand.first_seen)
        else:
            kept.append(cand)
    return kept


def _mentions(text: str, term: str) -> bool:
    return re.search(rf"\b{re.escape(normalise(term))}\b", normalise(text)) is not None


def build_rubric(question: Question) -> Rubric:
    candidates = _candidates(question)
    techniques = sorted((c for c in candidates if c.technique), key=lambda c: (-len(c.references), c.first_seen))
    statements = sorted((c for c in candidates if not c.technique), key=lambda c: (-len(c.references), c.first_seen))
    chosen = techniques[:MAX_POINTS] if len(techniques) >= MIN_POINTS else techniques + statements
    chosen = chosen[:MAX_POINTS]
    if len(chosen) < MIN_POINTS:  # short references: their clauses become the points
        clauses = [c for r in question.references for s in sentences(r.answer) if not FILLER.search(s) for c in _clauses(s)]
        chosen = [Candidate(c, False, frozenset(content_stems(c)), {1}) for c in dict.fromkeys(clauses)][:MAX_POINTS]
    if not chosen:  # a one- or two-word reference ("push", "By reference."): the answer itself is the point
        whole = " ".join(r.answer.strip() for r in question.references).strip() or question.text
        chosen = [Candidate(whole, False, frozenset(content_stems(whole)), {1})]
    return Rubric(
        question_id=question.id,
        reference_hash=reference_hash(question),
        status="draft",
        built_by="extractor",
        key_points=_key_points(chosen, len(question.references)),
        star=[StarCriterion(element=e, description=d) for e, d in STANDARD_STAR.items()]
        if question.kind == Kind.EXPERIENCE
        else [],
    )


def _key_points(chosen: list[Candidate], n_references: int) -> list[KeyPoint]:
    top_support = max((len(c.references) for c in chosen), default=1)
    raw_weights = [len(c.references) + (1 if len(c.references) == top_support else 0) for c in chosen]
    weights = normalised_weights(raw_weights)
    points: list[KeyPoint] = []
    used_ids: set[str] = set()
    for cand, weight in zip(chosen, weights):
        point_id = slug(cand.text, used_ids)
        statement = f"Names {cand.text} and says how it helps." if cand.technique else _one_sentence(cand.text)
        must = len(cand.references) >= max(2, (n_references + 1) // 2) or len(cand.references) == top_support
        points.append(
            KeyPoint(
                id=point_id,
                statement=statement,
                weight=weight,
                importance="must" if must else "nice",
                phrasings=list(dict.fromkeys([normalise(cand.text), *synonyms_of(cand.text)]))[:6]
                if cand.technique
                else [],
                from_references=sorted(cand.references),
            )
        )
    return points


def _clauses(sentence: str) -> list[str]:
    parts = re.split(r",\s+(?=while|whereas|which|and\b|\w+ing\b)|;\s+", sentence)
    return [p.strip().rstrip(".") for p in parts if len(words(p)) >= 3]


def _one_sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def slug(text: str, used: set[str]) -> str:
    base = "-".join(w for w in re.findall(r"[a-z0-9]+", normalise(text)) if w not in {"the", "a", "an"})[:40].strip("-")
    base = base or "point"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug
