"""Quality rules for rubrics, and staleness against the bank."""

from __future__ import annotations

import math
import re

from interviewer.bank import Bank
from interviewer.domain.questions import Kind
from interviewer.domain.rubrics import MAX_POINTS, MIN_POINTS, Rubric, reference_hash
from interviewer.rubric.store import RubricSet
from interviewer.nlp.text import content_stems, normalise, sentences, words

MIN_WORDS = 3
NEAR_DUPLICATE = 0.8  # Jaccard of content stems above which two points say the same thing
# A conceptual question has classic wrong answers; the offline grader catches confident ones only through
# the rubric's misconceptions (inversions of single points it catches by itself).
MIN_MISCONCEPTIONS = 2
# A model answer is what a strong candidate says aloud in 45-90 seconds.
MODEL_ANSWER_WORDS = (120, 250)
EXAMPLE_MARK = "Example"  # an experience question's model answer opens by saying it is one candidate's example
# Kinds with right and wrong answers: a reviewed rubric names the reversal of each must point among its misconceptions,
# because an interviewer marks a stated falsehood down more than an omission (rubrics/README.md, "Reversals").
REVERSIBLE_KINDS = (Kind.CONCEPTUAL, Kind.PRACTICAL, Kind.DESIGN)
# YAML folding turns a hyphenated word broken at a line end into "feed- forward". A dash between words has a space
# before it ("layers - and"), and a suspended hyphen ("first- and second-order") is followed by a conjunction.
FOLDED_HYPHEN = re.compile(r"\b[A-Za-z]+- (?!(?:and|or|nor|to)\b)[a-z]+")


def check_rubric(rubric: Rubric, question_kind: Kind | None = None) -> list[str]:
    """Problems with one rubric's content (not its freshness)."""
    problems = []
    n = len(rubric.key_points)
    if not MIN_POINTS <= n <= MAX_POINTS:
        problems.append(f"has {n} key points; a rubric needs {MIN_POINTS}-{MAX_POINTS}")
    for point in rubric.key_points:
        if len(words(point.statement)) < MIN_WORDS:
            problems.append(f"key point '{point.id}' is shorter than {MIN_WORDS} words: {point.statement!r}")
        if len(sentences(point.statement)) > 1:
            problems.append(f"key point '{point.id}' is more than one sentence; split it into atomic points")
    total = sum(p.weight for p in rubric.key_points)
    if not math.isclose(total, 1.0, abs_tol=0.01):
        problems.append(f"key point weights sum to {total:.3f}; they must sum to 1 (normalise them)")
    problems += _duplicates(rubric)
    reviewed_concept = question_kind == Kind.CONCEPTUAL and rubric.status == "reviewed"  # a draft is not done yet
    if reviewed_concept and len(rubric.misconceptions) < MIN_MISCONCEPTIONS:
        problems.append(f"lists {len(rubric.misconceptions)} misconception(s); a conceptual rubric needs at least "
                        f"{MIN_MISCONCEPTIONS} (the wrong claims an interviewer hears)")
    problems += _reversals(rubric, question_kind)
    if question_kind == Kind.EXPERIENCE and not rubric.star:
        problems.append("is for an experience question but has no STAR criteria")
    if rubric.status == "reviewed":  # a draft is a machine's starting point; a reviewer writes what teaches
        problems += _teaching(rubric, question_kind)
    return problems


def _teaching(rubric: Rubric, question_kind: Kind | None) -> list[str]:
    """The model answer and the probes: present, spoken prose, questions that do not give the answer away."""
    problems = []
    answer = rubric.model_answer or ""
    n_words = len(answer.split())
    low, high = MODEL_ANSWER_WORDS
    if not answer:
        problems.append(f"has no model_answer: add what a strong candidate would say aloud ({low}-{high} words)")
    elif not low <= n_words <= high:
        problems.append(f"model_answer has {n_words} words; it needs {low}-{high} (45-90 seconds aloud)")
    if any(re.match(r"\s*(?:[-*•]|\d+\.)\s", line) for line in answer.splitlines()):
        problems.append("model_answer is a list; write it as the prose a candidate would say")
    if answer and question_kind == Kind.EXPERIENCE and not answer.startswith(EXAMPLE_MARK):
        problems.append(f"model_answer is for an experience question: start it with '{EXAMPLE_MARK}'")
    if not rubric.depth_probes:
        problems.append("has no depth_probes: add questions that push a full answer further")
    problems += [f"depth probe {p!r} is not a question" for p in rubric.depth_probes if not p.endswith("?")]
    problems += _folded_hyphens(rubric)
    for point in rubric.key_points:
        if not point.probes:
            problems.append(f"key point '{point.id}' has no probes: add the question an interviewer would ask")
        for probe in point.probes:
            if not probe.endswith("?"):
                problems.append(f"key point '{point.id}' probe {probe!r} is not a question")
            named = next((ph for ph in point.phrasings if _names(probe, ph)), None)
            if named:
                problems.append(f"key point '{point.id}' probe {probe!r} gives the answer away ({named!r})")
    return problems


def _reversals(rubric: Rubric, question_kind: Kind | None) -> list[str]:
    """`reverses` names a key point of this rubric; a reviewed rubric of a reversible kind reverses each must point."""
    ids = {p.id for p in rubric.key_points}
    problems = [f"misconception '{m.id}' reverses '{m.reverses}', which is not one of its key points"
                for m in rubric.misconceptions if m.reverses and m.reverses not in ids]
    if rubric.status == "reviewed" and question_kind in REVERSIBLE_KINDS:
        reversed_ids = {m.reverses for m in rubric.misconceptions}
        problems += [f"must point '{p.id}' has no misconception that reverses it: add the wrong claim a candidate "
                     f"would make, with reverses: {p.id}" for p in rubric.key_points
                     if p.importance == "must" and p.id not in reversed_ids]
    return problems


def _folded_hyphens(rubric: Rubric) -> list[str]:
    texts = [("model_answer", rubric.model_answer or ""), *(("depth probe", p) for p in rubric.depth_probes),
             *((f"key point '{k.id}' probe", p) for k in rubric.key_points for p in k.probes)]
    return [f"{where} splits a hyphenated word: {split!r} (join it: {split.replace('- ', '-')!r})"
            for where, text in texts for split in FOLDED_HYPHEN.findall(text)]


def _names(probe: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(normalise(phrase))}(?![\w-])", normalise(probe)) is not None


def _duplicates(rubric: Rubric) -> list[str]:
    problems, seen_ids = [], set()
    items = [(p.id, set(content_stems(p.statement))) for p in rubric.key_points]
    for point_id, _ in items:
        if point_id in seen_ids:
            problems.append(f"key point id '{point_id}' is used twice")
        seen_ids.add(point_id)
    for i, (a_id, a) in enumerate(items):
        for b_id, b in items[i + 1 :]:
            if a and b and len(a & b) / len(a | b) >= NEAR_DUPLICATE:
                problems.append(f"key points '{a_id}' and '{b_id}' say the same thing; merge them")
    return problems


def check_all(bank: Bank, rubric_set: RubricSet) -> list[str]:
    """Every problem, each naming its question: missing, stale, invalid, low quality, orphaned."""
    problems = list(rubric_set.problems)
    for qid, question in bank.questions.items():
        rubric = rubric_set.rubrics.get(qid)
        if rubric is None:
            problems.append(f"{qid}: no rubric (run `interviewer rubrics build --question {qid}`)")
            continue
        if rubric.reference_hash != reference_hash(question):
            problems.append(
                f"{qid}: stale rubric: the question's reference answers changed since it was built "
                f"(review it, then `interviewer rubrics build --question {qid}` shows the new draft)"
            )
        problems += [f"{qid}: rubric {qid}.yaml {p}" for p in check_rubric(rubric, question.kind)]
    for qid in rubric_set.rubrics.keys() - bank.questions.keys():
        problems.append(f"{qid}: rubric for a question that is not in the bank")
    return problems
