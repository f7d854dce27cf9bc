"""The overall score is computed here, from verdicts and rubric weights, never taken from a model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from interviewer.domain.feedback import Feedback, MisconceptionFound, PointVerdict, Verdict
from interviewer.domain.rubrics import Rubric
from interviewer.nlp.text import normalise

# Credit per verdict, as a share of the point's weight. A point merely named (its term with nothing said
# about it) earns little; a stated wrong claim costs more than leaving the point out, as an interviewer
# marks a falsehood down. Chosen on the per-point labelled set's tuning questions (evals/fit_scoring.py);
# the README gives the figures on the held-out ones.
@dataclass(frozen=True)
class ScoringRules:
    credit: Mapping[Verdict, float]
    unlisted_penalty: float  # a wrong claim the rubric did not anticipate, as a share of 10 points


RULES = ScoringRules(
    credit={Verdict.COVERED: 1.0, Verdict.PARTIAL: 0.7, Verdict.NAMED: 0.2, Verdict.MISSING: 0.0,
            Verdict.INCORRECT: -0.5},
    unlisted_penalty=0.0,
)
HINT_COST = 1.0  # points off the 0-10 score per hint shown


def compute_score(rubric: Rubric, verdicts: list[PointVerdict], misconceptions: list[MisconceptionFound],
                  rules: ScoringRules = RULES) -> float:
    """0-10: weighted credit per key point, minus misconception penalties (each a share of 10 points).

    A wrong claim counts once: a misconception that reverses a point judged incorrect, or that quotes the
    words of an incorrect point, is that point's error."""
    by_id = {v.point_id: v.verdict for v in verdicts}
    earned = sum(p.weight * rules.credit[by_id.get(p.id, Verdict.MISSING)] for p in rubric.key_points)
    listed = {m.id: m for m in rubric.misconceptions}
    wrong_quotes = [normalise(v.quote) for v in verdicts if v.verdict == Verdict.INCORRECT and v.quote.strip()]
    fresh = [m for m in misconceptions if not _overlaps(normalise(m.quote), wrong_quotes)]
    found = {m.misconception_id for m in fresh if m.misconception_id in listed}
    penalty = sum(listed[i].weight for i in found if by_id.get(listed[i].reverses or "") != Verdict.INCORRECT)
    penalty += rules.unlisted_penalty * sum(1 for m in fresh if m.misconception_id not in listed)
    total = sum(p.weight for p in rubric.key_points) or 1.0
    return round(max(0.0, min(10.0, 10 * (earned / total + penalty))), 1)


def _overlaps(quote: str, others: list[str]) -> bool:
    return bool(quote) and any(quote in o or o in quote for o in others)


def with_hint_penalty(feedback: Feedback, hints: int) -> Feedback:
    """The grade after hints: HINT_COST off per hint, never below 0, and the feedback says so."""
    if not hints or not feedback.valid_answer:
        return feedback
    score = round(max(0.0, feedback.score - HINT_COST * hints), 1)
    note = f"{HINT_COST * hints:g} point(s) off for {hints} hint(s): {feedback.score:g} -> {score:g}."
    return feedback.model_copy(update={"score": score, "notes": [*feedback.notes, note]})
