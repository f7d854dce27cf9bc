"""Key points judged by meaning: the claim model (interviewer.nlp.claim_model) reads each (key point,
window of the answer) pair and says whether the window states the point, only names it, contradicts it,
or is about something else. Windows are the answer's clauses and sentences, from the one splitter the
lexical matcher uses (interviewer.grading.clauses), so both judges quote the same spans.

The offline grader lets these readings override the lexical matcher where the model is confident
(grading.point_judging); the LLM path asks the model for a second opinion on each quote (verdict_check).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from interviewer.domain.feedback import Verdict
from interviewer.domain.rubrics import KeyPoint
from interviewer.grading.clauses import analyse
from interviewer.grading.verdict_check import Opinion, SecondOpinion, matcher_opinion

# A window states, contradicts or names a point when the model gives that reading at least this probability
# (and, for a contradiction, more than any window's reading that it states it).
LIKELY = 0.5
PARTLY = 0.25  # a window the model thinks may state the point: partial
# An LLM's verdict is overruled only past this: the model is sure, not merely inclined.
SURE = 0.9


class Scores(Protocol):
    @property
    def states(self) -> float: ...
    @property
    def names(self) -> float: ...
    @property
    def contradicts(self) -> float: ...
    @property
    def unrelated(self) -> float: ...


PairJudge = Callable[[Sequence[tuple[str, str]]], Sequence[Scores]]


@dataclass(frozen=True)
class MeaningVerdict:
    verdict: Verdict
    quote: str  # the window that decided it; "" when missing
    states: float = 0.0  # the best window's probability of each reading
    contradicts: float = 0.0
    names: float = 0.0


def windows(answer: str) -> list[str]:
    """The answer's clauses and whole sentences, each once, in order."""
    clauses = analyse(answer)
    spans: dict[tuple[int, int], None] = {(c.start, c.end): None for c in clauses}
    for n in sorted({c.sentence for c in clauses}):
        members = [c for c in clauses if c.sentence == n]
        spans[(members[0].start, members[-1].end)] = None
    return [answer[a:b].strip() for a, b in spans if answer[a:b].strip()]


def judge_points(points: Sequence[KeyPoint], answer: str, judge: PairJudge) -> list[MeaningVerdict]:
    """One batched run of the model over every (point, window) pair of the answer."""
    texts = windows(answer)
    if not texts or not points:
        return [MeaningVerdict(Verdict.MISSING, "") for _ in points]
    scores = list(judge([(p.statement, t) for p in points for t in texts]))
    return [_decide(texts, scores[i * len(texts):(i + 1) * len(texts)]) for i in range(len(points))]


def _decide(texts: list[str], scores: list[Scores]) -> MeaningVerdict:
    def best(reading: str) -> tuple[float, str]:
        i = max(range(len(texts)), key=lambda k: getattr(scores[k], reading))
        return getattr(scores[i], reading), texts[i]

    (states, said), (contradicts, denied), (names, named) = best("states"), best("contradicts"), best("names")
    odds = {"states": states, "contradicts": contradicts, "names": names}
    if contradicts >= LIKELY and contradicts > states:
        return MeaningVerdict(Verdict.INCORRECT, denied, **odds)
    if states >= LIKELY:
        return MeaningVerdict(Verdict.COVERED, said, **odds)
    if states >= PARTLY:
        return MeaningVerdict(Verdict.PARTIAL, said, **odds)
    if names >= LIKELY:
        return MeaningVerdict(Verdict.NAMED, named, **odds)
    return MeaningVerdict(Verdict.MISSING, "", **odds)


def model_opinion(judge: PairJudge) -> SecondOpinion:
    """The claim model as the LLM checks' second opinion: strong only when it is sure that a quote
    contradicts the point, merely names it, or is about something else."""
    def opinion(point: KeyPoint, text: str, question_text: str) -> Opinion:
        if not text.strip():
            return Opinion(Verdict.MISSING)
        (s,) = judge([(point.statement, text)])
        if s.contradicts >= SURE:
            return Opinion(Verdict.INCORRECT, strong=True)
        if s.unrelated >= SURE:
            return Opinion(Verdict.MISSING, strong=True)
        if s.names >= SURE:
            return Opinion(Verdict.NAMED, strong=True)
        return Opinion(Verdict.COVERED if s.states >= LIKELY else Verdict.PARTIAL if s.states >= PARTLY
                       else Verdict.MISSING)
    return opinion


def meaning_by_default() -> bool:
    """Whether graders use the claim model unless told: INTERVIEWER_CLAIM_MODEL=off grades by words only (about
    0.5 s faster per answer on two cores; the test suite runs so, and the model's own tests turn it on)."""
    import os

    return os.environ.get("INTERVIEWER_CLAIM_MODEL", "on").strip().lower() not in ("off", "0", "false", "no")


def shipped_opinion() -> SecondOpinion:
    """The claim model's opinion when the shipped model loads and is on, else the matcher's (which never
    overrules)."""
    from interviewer.nlp.claim_model import ClaimModelError, default_model

    if not meaning_by_default():
        return matcher_opinion
    try:
        return model_opinion(default_model().judge)
    except ClaimModelError:
        return matcher_opinion
