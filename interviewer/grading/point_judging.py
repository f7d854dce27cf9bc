"""The offline grader's verdict on each key point of one answer.

Two judges read the answer. The lexical matcher (interviewer.grading.claims) finds the rubric's accepted
phrasings and a point's terms; the claim model (interviewer.grading.meaning) judges meaning: whether a clause
states the point, only names it, contradicts it, or says something else. The model overrides the matcher
where it is confident (CONFIDENT): a paraphrase the words miss is covered, a denial without a negation word
is incorrect, a term named without a claim is named. The matcher grades alone, labelled, when the model
cannot be loaded.

A stated reversal of a point (a rubric misconception that `reverses` it, said in one of its wordings) makes
the point incorrect. On an experience question the story's STAR elements show the points that ask for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.domain.feedback import MisconceptionFound, PointVerdict, StarCoverage, Verdict
from interviewer.domain.questions import Kind
from interviewer.domain.rubrics import KeyPoint, Rubric, StarElement
from interviewer.grading.base import GradeRequest
from interviewer.grading.claims import ClaimJudgement, judge_text, states_claim
from interviewer.grading.meaning import LIKELY, MeaningVerdict, PairJudge, judge_points

REASONS = {
    Verdict.COVERED: "States it.",
    Verdict.PARTIAL: "Touches it but does not state it fully.",
    Verdict.NAMED: "Names its terms without saying anything about them.",
    Verdict.MISSING: "Not mentioned.",
    Verdict.INCORRECT: "Says the opposite.",
}
STAR_CUES = {
    StarElement.SITUATION: r"\b(project|at my|in my (last|previous|current)|we had|our team|company|client|dataset)\b",
    StarElement.TASK: r"\b(i was responsible|my (task|role|job|goal)|goal was|needed to|had to|asked to)\b",
    StarElement.ACTION: r"\b(i (used|implemented|built|applied|designed|trained|chose|added|fine-tuned|wrote|deployed))\b",
    StarElement.RESULT: r"\d+ ?%|\b(result|resulted|improv|reduc|cut|increas|achiev|sped up)\w*",
    StarElement.REFLECTION: r"\b(learn(ed|t)|next time|in hindsight|would (do|have)|differently|lesson)\b",
}


@dataclass
class JudgedAnswer:
    verdicts: list[PointVerdict]
    misconceptions: list[MisconceptionFound]  # the rubric's, as stated in the answer
    star: list[StarCoverage]


def judge_answer(request: GradeRequest, answer: str, judge: PairJudge | None) -> JudgedAnswer:
    """`answer` is the text to judge (without text addressed to the grader); `judge` None: words only."""
    rubric, question = request.rubric, request.question
    experience = question.kind == Kind.EXPERIENCE
    star = star_coverage(answer) if experience else []
    listed = stated_misconceptions(rubric, answer, question.text)
    reverses = {m.id: m.reverses for m in rubric.misconceptions if m.reverses}
    reversals = {reverses[m.misconception_id]: m for m in listed if m.misconception_id in reverses}
    meaning = judge_points(rubric.key_points, answer, judge) if judge else [None] * len(rubric.key_points)
    verdicts = []
    for point, read in zip(rubric.key_points, meaning):
        asked = named_content(question.text, point) if experience else question.text
        lexical = judge_text(answer, point, asked)
        verdicts.append(_verdict(point, lexical, read, reversals.get(point.id), star))
    return JudgedAnswer(verdicts, listed, star)


def _verdict(point: KeyPoint, lexical: ClaimJudgement, read: MeaningVerdict | None,
             reversal: MisconceptionFound | None, star: list[StarCoverage]) -> PointVerdict:
    if reversal:
        return PointVerdict(point_id=point.id, verdict=Verdict.INCORRECT, quote=reversal.quote,
                            reason=f"Says the opposite: {reversal.statement}")
    judged = _combined(lexical, read)
    told = next((s for s in star if s.element == point.story and s.present), None)
    if told and judged.verdict in (Verdict.MISSING, Verdict.NAMED, Verdict.PARTIAL):
        # The story's own element shows the point: the situation told, the result measured.
        return PointVerdict(point_id=point.id, verdict=Verdict.COVERED, quote=told.quote,
                            reason=f"Your story gives its {told.element}.")
    return PointVerdict(point_id=point.id, verdict=judged.verdict, quote=judged.quote, reason=REASONS[judged.verdict])


# How sure the model must be to override the matcher. Chosen on the tuning questions of the labelled sets
# the model never saw in training (the new bank's, evals/point_labels_{llms,systems}.csv): 0.6 and 0.7
# let its errors through, 0.9 left the matcher's verdicts unchanged.
CONFIDENT = 0.8


def _combined(lexical: ClaimJudgement, read: MeaningVerdict | None) -> ClaimJudgement | MeaningVerdict:
    if read is None:
        return lexical
    if read.contradicts >= CONFIDENT and read.contradicts > read.states:
        return MeaningVerdict(Verdict.INCORRECT, read.quote)
    if read.states >= CONFIDENT and lexical.verdict != Verdict.COVERED:
        return read
    if read.names >= CONFIDENT and lexical.verdict in (Verdict.COVERED, Verdict.PARTIAL) and read.states < LIKELY:
        return MeaningVerdict(Verdict.NAMED, lexical.quote)
    return lexical


def stated_misconceptions(rubric: Rubric, answer: str, asked: str) -> list[MisconceptionFound]:
    found = []
    for m in rubric.misconceptions:
        quote = states_claim(answer, m.statement, tuple(m.phrasings), asked)
        if quote:
            found.append(MisconceptionFound(misconception_id=m.id, statement=m.statement, quote=quote,
                                            correction=m.correction or ""))
    return found


def star_coverage(answer: str) -> list[StarCoverage]:
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
