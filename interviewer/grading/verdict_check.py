"""The LLM's verdicts checked against the answer in code, with the offline claim matcher
(interviewer.grading.claims, the offline grader's own judge of whether a text states a key point).

- A covered or partial verdict needs a verbatim quote (grading.evidence.check_quotes) that states the
  point: when the matcher finds the point nowhere in the quote, the verdict counts as missing (as
  incorrect when the matcher finds that the quote contradicts it); a covered verdict whose quote only
  touches the point (a term list, a vague gesture) counts as partial.
- An incorrect verdict needs its verbatim quote too (the wrong claim), or it counts as missing.
- Where the LLM and the matcher (run on the whole answer) disagree strongly, covered against missing
  or incorrect, the point is marked worth a second look instead of silently trusting either.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.domain.feedback import PointVerdict, Verdict
from interviewer.domain.rubrics import KeyPoint, Rubric
from interviewer.grading.claims import judge_text
from interviewer.grading.evidence import check_quotes, quote_in_answer

SUPPORTS = (Verdict.COVERED, Verdict.PARTIAL)
NO_CREDIT = (Verdict.MISSING, Verdict.INCORRECT)


@dataclass
class CheckedVerdicts:
    verdicts: list[PointVerdict]
    notes: list[str]  # what the checks changed
    flags: list[str]  # points worth a second look, by id


def check_verdicts(rubric: Rubric, question_text: str, evidence_text: str,
                   verdicts: list[PointVerdict]) -> CheckedVerdicts:
    """`evidence_text` is the answer without text addressed to the grader: it cannot be evidence."""
    quoted, notes = check_quotes(evidence_text, verdicts)
    checked, flags = [], []
    for claimed, verdict in zip(verdicts, quoted):
        point = rubric.point(verdict.point_id)
        verdict, note = _supported(verdict, point, question_text, evidence_text)
        if note:
            notes.append(note)
        checked.append(verdict)
        matcher = judge_text(evidence_text, point, question_text).verdict
        if _strongly_disagree(claimed.verdict, matcher):
            flags.append(f"'{point.id}' is worth a second look: the LLM grader said {claimed.verdict}, the "
                         f"offline check of your answer says {matcher}.")
    return CheckedVerdicts(checked, notes, flags)


def _supported(verdict: PointVerdict, point: KeyPoint, question_text: str,
               evidence_text: str) -> tuple[PointVerdict, str | None]:
    if verdict.verdict == Verdict.INCORRECT and not quote_in_answer(verdict.quote, evidence_text):
        return _missing(verdict), f"'{point.id}' was marked incorrect without quoting the wrong claim; counted as missing."
    if verdict.verdict in SUPPORTS:
        judged = judge_text(verdict.quote, point, question_text).verdict
        if judged == Verdict.INCORRECT:
            return verdict.model_copy(update={"verdict": Verdict.INCORRECT, "downgraded": True}), (
                f"'{point.id}' was marked {verdict.verdict}, but the quoted words contradict it; counted as incorrect.")
        if judged == Verdict.MISSING:
            return _missing(verdict), (f"'{point.id}' was marked {verdict.verdict}, but the quoted words "
                                       f"do not state it; counted as missing.")
        if judged == Verdict.PARTIAL and verdict.verdict == Verdict.COVERED:
            return verdict.model_copy(update={"verdict": Verdict.PARTIAL, "downgraded": True}), (
                f"'{point.id}' was marked covered, but the quoted words only touch it; counted as partial.")
    return verdict, None


def _missing(verdict: PointVerdict) -> PointVerdict:
    return verdict.model_copy(update={"verdict": Verdict.MISSING, "quote": "", "downgraded": True})


def _strongly_disagree(llm: Verdict, matcher: Verdict) -> bool:
    return (llm == Verdict.COVERED and matcher in NO_CREDIT) or (llm in NO_CREDIT and matcher == Verdict.COVERED)
