"""The embedded offline grader: no network, no key.

Each key point is judged by meaning with the shipped claim model, the lexical matcher counting where the
model is unsure (interviewer.grading.point_judging): covered when a clause states it, partial when it states
part of it, named when it only names its terms, incorrect when a clause contradicts it. Rubric
misconceptions are matched as claims. The rubric score is then calibrated to where human graders put such
answers (interviewer.grading.calibration). Sentences that address the grader are removed and flagged.
Dimensions come from simple, stated heuristics. Without the model (a missing or damaged file) the matcher
grades alone and the feedback says so.
"""

from __future__ import annotations

import re
import time

from interviewer.domain.feedback import DimensionScore, Feedback, MisconceptionFound, Provenance, Verdict
from interviewer.domain.rubrics import Dimension, Rubric
from interviewer.grading.base import GradeRequest, PartialFeedback
from interviewer.grading.calibration import Calibration, shipped
from interviewer.grading.claims import shared_terms
from interviewer.grading.detail import DETAIL_WEIGHT, on_topic_detail, with_detail
from interviewer.grading.evidence import without_injections
from interviewer.grading.follow_up import choose_follow_up
from interviewer.grading.meaning import PairJudge, meaning_by_default
from interviewer.grading.point_judging import judge_answer
from interviewer.nlp.claim_model import ClaimModelError
from interviewer.grading.scoring import compute_score
from interviewer.grading.stronger import stronger_answer

OFF_TOPIC_SHARED = 1
CLAIM_MODEL, WORDS_ONLY = "claim model", "words only"  # what judged the points, in provenance
DEPTH_MARKERS = re.compile(
    r"\b(because|so that|which means|therefore|for example|e\.g\.|for instance|trade-?off|however|whereas|"
    r"instead|unlike|compared|versus|vs\.?|depends|when|if)\b|\d",
    re.IGNORECASE,
)
STRUCTURE_MARKERS = re.compile(r"\b(first|second|then|finally|also|another|in short)\b|^\s*(?:[-*]|\d+\.)\s", re.I | re.M)


class OfflineGrader:
    kind = "offline"

    def __init__(self, calibration: Calibration | None = None, judge: PairJudge | None = None,
                 meaning: bool | None = None) -> None:
        self.calibration = calibration  # None: the shipped tables, loaded on the first grade
        self.judge = judge  # None: the shipped claim model, loaded on the first grade (when `meaning`)
        self.meaning = meaning_by_default() if meaning is None and judge is None else meaning is not False

    async def grade(self, request: GradeRequest, on_partial: PartialFeedback | None = None) -> Feedback:
        return self.grade_now(request)

    def grade_now(self, request: GradeRequest) -> Feedback:
        """The same grade, synchronously: it takes milliseconds and needs no event loop."""
        started = time.perf_counter()
        rubric, answer = request.rubric, request.answer
        clean, injected = without_injections(answer)
        notes: list[str] = []
        # The model learned reviewed key points; a draft's points are one reference's wording, where it read
        # worse than the words did (nn_exam: Pearson 0.38 against 0.45).
        judge = self._judge(notes) if rubric.status == "reviewed" else None
        try:
            judged = judge_answer(request, clean, judge)
        except ClaimModelError as exc:  # found damaged on its first use: grade by words, and say so
            notes.append(f"Graded by word matching only: {exc.message}")
            judge, judged = None, judge_answer(request, clean, None)
        verdicts, listed, star = judged.verdicts, judged.misconceptions, judged.star
        raw = compute_score(rubric, verdicts, listed)
        misconceptions = listed + [
            MisconceptionFound(statement=f"Contradicts: {p.statement}", quote=v.quote, correction=p.statement)
            for p, v in zip(rubric.key_points, verdicts)
            if v.verdict == Verdict.INCORRECT and not any(m.quote == v.quote for m in listed)
        ]
        if raw == 0 and off_topic(clean, request.question.text, rubric):
            score = 0.0  # calibration lifts "nothing matched" towards lenient humans; an unrelated answer gets 0
        elif rubric.status == "reviewed" or request.follow_up_context:
            # A follow-up answer replies to one point: the whole reference's length is no yardstick for it.
            score = (self.calibration or shipped()).score(raw, rubric.status)
        else:  # a draft names one wording of the answer: on-topic detail counts too (interviewer.grading.detail)
            detail = on_topic_detail(clean, request.question)
            score = (self.calibration or shipped()).score(with_detail(raw, detail), rubric.status)
            notes.append(f"No reviewed rubric: the score weighs the key points of a draft ({raw:g}/10) and the "
                         f"answer's on-topic detail ({detail:.0%} of the reference answer's length) "
                         f"{1 - DETAIL_WEIGHT:.0%} / {DETAIL_WEIGHT:.0%}.")
        covered = [p for p, v in zip(rubric.key_points, verdicts) if v.verdict == Verdict.COVERED]
        missing = [p for p, v in zip(rubric.key_points, verdicts) if v.verdict != Verdict.COVERED]
        missing.sort(key=lambda p: (p.importance != "must", -p.weight))
        feedback = Feedback(
            question_id=request.question.id,
            score=score,
            verdicts=verdicts,
            misconceptions=misconceptions,
            dimensions=self._dimensions(clean, score, misconceptions),
            star=star,
            strengths=[f"You covered: {p.statement}" for p in covered],
            to_sharpen=[f"{'Add' if p.importance == 'must' else 'Could add'}: {p.statement}" for p in missing]
            + [f"Correct this: {m.correction or m.statement}" for m in misconceptions],
            stronger_answer=stronger_answer(rubric, verdicts, request.question.kind),
            notes=notes,
            flags=[f"Ignored text addressed to the grader: {s[:120]!r}" for s in injected],
            provenance=Provenance(
                grader="offline",
                model=CLAIM_MODEL if judge else WORDS_ONLY,
                rubric_id=rubric.question_id,
                rubric_hash=rubric.content_hash(),
                latency_ms=(time.perf_counter() - started) * 1000,
            ),
        )
        plan = choose_follow_up(rubric, feedback)
        if plan:
            feedback.follow_up, feedback.follow_up_point = plan.text, plan.point_id
        return feedback

    def _judge(self, notes: list[str]) -> PairJudge | None:
        if not self.meaning:
            return None
        if self.judge is None:
            from interviewer.nlp.claim_model import default_model

            try:
                self.judge = default_model().judge
            except ClaimModelError as exc:  # the lexical matcher still grades, and the grade says so
                notes.append(f"Graded by word matching only: {exc.message}")
                self.meaning = False
                return None
        return self.judge

    @staticmethod
    def _dimensions(answer: str, score: float, misconceptions: list) -> list[DimensionScore]:
        n_sentences = max(1, len(re.findall(r"[.!?](\s|$)", answer)))
        n_words = len(answer.split())
        depth_hits = len(DEPTH_MARKERS.findall(answer))
        structure_hits = len(STRUCTURE_MARKERS.findall(answer))
        accuracy = max(1, min(5, 3 + (score >= 5) + (score >= 8) - 2 * len(misconceptions)))
        completeness = max(1, min(5, 1 + round(score / 2.5)))
        clarity = max(1, min(5, 3 + (structure_hits > 0) - (n_words / n_sentences > 40) - (n_words < 12)))
        depth = max(1, min(5, 1 + min(4, depth_hits)))
        return [
            DimensionScore(dimension=Dimension.ACCURACY, score=accuracy,
                           justification=f"{len(misconceptions)} misconception(s); rubric score {score:g}/10."),
            DimensionScore(dimension=Dimension.COMPLETENESS, score=completeness,
                           justification=f"From the share of key points covered ({score:g}/10)."),
            DimensionScore(dimension=Dimension.CLARITY, score=clarity,
                           justification=f"{n_sentences} sentence(s), {n_words} words, {structure_hits} structure cue(s)."),
            DimensionScore(dimension=Dimension.DEPTH, score=depth,
                           justification=f"{depth_hits} cue(s) of reasoning, examples, trade-offs or numbers."),
        ]


def off_topic(answer: str, question_text: str, rubric: Rubric) -> bool:
    """The answer shares at most one term with the question and the rubric's points: it answers something else."""
    return shared_terms(answer, question_text, *(p.statement for p in rubric.key_points)) <= OFF_TOPIC_SHARED

