"""The embedded offline grader: no network, no key. Transparent rules over the rubric.

Each key point is judged as a claim (interviewer.grading.claims): covered when a clause states it,
partial when the answer only touches it or lists its terms, incorrect when a clause contradicts it.
Rubric misconceptions are matched as claims too. The rubric score is then calibrated to where human
graders put such answers (interviewer.grading.calibration). Sentences that address the grader are
removed before matching and flagged. Dimensions come from simple, stated heuristics.
"""

from __future__ import annotations

import re
import time

from interviewer.domain.feedback import (
    DimensionScore,
    Feedback,
    MisconceptionFound,
    PointVerdict,
    Provenance,
    StarCoverage,
    Verdict,
)
from interviewer.domain.questions import Kind
from interviewer.domain.rubrics import Dimension, KeyPoint, Rubric, StarElement
from interviewer.grading.base import GradeRequest, PartialFeedback
from interviewer.grading.calibration import Calibration, shipped
from interviewer.grading.claims import judge_text, shared_terms, states_claim
from interviewer.grading.detail import DETAIL_WEIGHT, on_topic_detail, with_detail
from interviewer.grading.evidence import without_injections
from interviewer.grading.follow_up import choose_follow_up
from interviewer.grading.scoring import compute_score
from interviewer.grading.stronger import stronger_answer

OFF_TOPIC_SHARED = 1
REASONS = {
    Verdict.COVERED: "States it.",
    Verdict.PARTIAL: "Touches it (some of its terms) but does not state it.",
    Verdict.NAMED: "Names its terms without saying anything about them.",
    Verdict.MISSING: "Not mentioned.",
    Verdict.INCORRECT: "Says the opposite.",
}
DEPTH_MARKERS = re.compile(
    r"\b(because|so that|which means|therefore|for example|e\.g\.|for instance|trade-?off|however|whereas|"
    r"instead|unlike|compared|versus|vs\.?|depends|when|if)\b|\d",
    re.IGNORECASE,
)
STRUCTURE_MARKERS = re.compile(r"\b(first|second|then|finally|also|another|in short)\b|^\s*(?:[-*]|\d+\.)\s", re.I | re.M)
STAR_CUES = {
    StarElement.SITUATION: r"\b(project|at my|in my (last|previous|current)|we had|our team|company|client|dataset)\b",
    StarElement.TASK: r"\b(i was responsible|my (task|role|job|goal)|goal was|needed to|had to|asked to)\b",
    StarElement.ACTION: r"\b(i (used|implemented|built|applied|designed|trained|chose|added|fine-tuned|wrote|deployed))\b",
    StarElement.RESULT: r"\d+ ?%|\b(result|resulted|improv|reduc|cut|increas|achiev|sped up)\w*",
    StarElement.REFLECTION: r"\b(learn(ed|t)|next time|in hindsight|would (do|have)|differently|lesson)\b",
}


class OfflineGrader:
    kind = "offline"

    def __init__(self, calibration: Calibration | None = None) -> None:
        self.calibration = calibration  # None: the shipped tables, loaded on the first grade

    async def grade(self, request: GradeRequest, on_partial: PartialFeedback | None = None) -> Feedback:
        return self.grade_now(request)

    def grade_now(self, request: GradeRequest) -> Feedback:
        """The same grade, synchronously: it takes milliseconds and needs no event loop."""
        started = time.perf_counter()
        rubric, answer = request.rubric, request.answer
        clean, injected = without_injections(answer)
        experience = request.question.kind == Kind.EXPERIENCE
        asked = request.question.text
        star = self._star(clean) if experience else []

        listed = self._misconceptions(rubric, clean, asked)
        reverses = {m.id: m.reverses for m in rubric.misconceptions if m.reverses}
        reversals = {reverses[m.misconception_id]: m for m in listed if m.misconception_id in reverses}
        verdicts = [self._verdict(point, clean, named_content(asked, point) if experience else asked,
                                  reversals.get(point.id), star) for point in rubric.key_points]
        raw = compute_score(rubric, verdicts, listed)
        misconceptions = listed + [
            MisconceptionFound(statement=f"Contradicts: {p.statement}", quote=v.quote, correction=p.statement)
            for p, v in zip(rubric.key_points, verdicts)
            if v.verdict == Verdict.INCORRECT and not any(m.quote == v.quote for m in listed)
        ]
        notes = []
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
                rubric_id=rubric.question_id,
                rubric_hash=rubric.content_hash(),
                latency_ms=(time.perf_counter() - started) * 1000,
            ),
        )
        plan = choose_follow_up(rubric, feedback)
        if plan:
            feedback.follow_up, feedback.follow_up_point = plan.text, plan.point_id
        return feedback

    @staticmethod
    def _verdict(point: KeyPoint, answer: str, asked: str, reversal: MisconceptionFound | None,
                 star: list[StarCoverage]) -> PointVerdict:
        # A stated reversal of the point (a rubric misconception that denies it) makes the point wrong.
        if reversal:
            return PointVerdict(point_id=point.id, verdict=Verdict.INCORRECT, quote=reversal.quote,
                                reason=f"Says the opposite: {reversal.statement}")
        judged = judge_text(answer, point, asked)
        told = next((s for s in star if s.element == point.story and s.present), None)
        if told and judged.verdict in (Verdict.MISSING, Verdict.NAMED, Verdict.PARTIAL):
            # The story's own element shows the point: the situation told, the result measured.
            return PointVerdict(point_id=point.id, verdict=Verdict.COVERED, quote=told.quote,
                                reason=f"Your story gives its {told.element}.")
        return PointVerdict(point_id=point.id, verdict=judged.verdict, quote=judged.quote, reason=REASONS[judged.verdict])

    @staticmethod
    def _misconceptions(rubric: Rubric, answer: str, asked: str) -> list[MisconceptionFound]:
        found = []
        for m in rubric.misconceptions:
            quote = states_claim(answer, m.statement, tuple(m.phrasings), asked)
            if quote:
                found.append(MisconceptionFound(misconception_id=m.id, statement=m.statement, quote=quote,
                                                correction=m.correction or ""))
        return found

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

    @staticmethod
    def _star(answer: str) -> list[StarCoverage]:
        coverage = []
        for element, cue in STAR_CUES.items():
            match = re.search(rf"[^.!?\n]*{cue}[^.!?\n]*", answer, re.IGNORECASE)
            coverage.append(StarCoverage(element=element, present=bool(match), quote=match.group(0).strip() if match else ""))
        return coverage


def named_content(question_text: str, point: KeyPoint) -> str:
    """The question's words less the things it asks you to name (the point's phrasings: "TensorFlow or
    PyTorch"): on an experience question naming and using them is the content, while repeating the rest of
    the question ("frameworks", "experience") still earns nothing."""
    for phrase in point.phrasings:
        question_text = re.sub(rf"(?i)(?<!\w){re.escape(phrase)}(?!\w)", " ", question_text)
    return question_text


def off_topic(answer: str, question_text: str, rubric: Rubric) -> bool:
    """The answer shares at most one term with the question and the rubric's points: it answers something else."""
    return shared_terms(answer, question_text, *(p.statement for p in rubric.key_points)) <= OFF_TOPIC_SHARED

