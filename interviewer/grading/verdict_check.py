"""The LLM's verdicts checked against the answer in code. The checks flag before they overrule: a capable
model's verdict stands unless there is strong evidence that it is wrong, because a check that re-judges
every quote with a weaker judge caps the model at that judge's level.

Overruled (strong evidence):
- a verdict whose quote is not verbatim in the answer (grading.evidence.check_quotes): nothing backs it;
- a covered, partial or named verdict whose quote says, in one of its accepted wordings, a rubric
  misconception that reverses this point: the quote says the opposite (counted as incorrect);
- a covered or partial verdict on an answer that is a bare list of terms (no clause of it states anything)
  to a question that does not ask for a list: the terms are named, not explained (counted as named);
- a verdict the second opinion contradicts with strong evidence (a judge that can tell, see SecondOpinion).
Flagged "worth a second look", the model's verdict kept: where the second opinion (the offline claim
matcher by default) merely disagrees, e.g. it cannot find the point in a quote that says it in other words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from interviewer.domain.feedback import PointVerdict, Verdict
from interviewer.domain.rubrics import KeyPoint, Rubric
import re

from interviewer.grading.claims import ASKS_FOR_LIST, judge_text, says_phrasing
from interviewer.grading.clauses import analyse
from interviewer.grading.evidence import check_quotes, quote_in_answer

SUPPORTS = (Verdict.COVERED, Verdict.PARTIAL, Verdict.NAMED)
NO_CREDIT = (Verdict.MISSING, Verdict.INCORRECT)


@dataclass(frozen=True)
class Opinion:
    verdict: Verdict
    strong: bool = False  # sure enough to overrule the model (a judge of meaning, not of shared words)


# (point, text, question text) -> what a second judge thinks `text` says of the point.
SecondOpinion = Callable[[KeyPoint, str, str], Opinion]


def matcher_opinion(point: KeyPoint, text: str, question_text: str) -> Opinion:
    """The offline claim matcher: it reads shared words, so it never overrules (it cannot see paraphrase)."""
    return Opinion(judge_text(text, point, question_text).verdict)


@dataclass
class CheckedVerdicts:
    verdicts: list[PointVerdict]
    notes: list[str]  # what the checks changed
    flags: list[str]  # points worth a second look, by id


def check_verdicts(rubric: Rubric, question_text: str, evidence_text: str, verdicts: list[PointVerdict],
                   second_opinion: SecondOpinion = matcher_opinion, *, experience: bool = False) -> CheckedVerdicts:
    """`evidence_text` is the answer without text addressed to the grader: it cannot be evidence. On an
    experience question the tools and projects the question asks about are content, even as a list."""
    quoted, notes = check_quotes(evidence_text, verdicts)
    term_list = not experience and is_term_list(evidence_text, question_text)
    checked, flags = [], []
    for verdict in quoted:
        point = rubric.point(verdict.point_id)
        if verdict.verdict == Verdict.INCORRECT and not quote_in_answer(verdict.quote, evidence_text):
            verdict = _as(verdict, Verdict.MISSING, quote="")
            notes.append(f"'{point.id}' was marked incorrect without quoting the wrong claim; counted as missing.")
        elif verdict.verdict in SUPPORTS:
            verdict, note = _overruled(verdict, point, rubric, question_text, term_list)
            if note:
                notes.append(note)
        if not verdict.downgraded:
            verdict, flag = _second_look(verdict, point, question_text, evidence_text, second_opinion, notes)
            if flag:
                flags.append(flag)
        checked.append(verdict)
    return CheckedVerdicts(checked, notes, flags)


def _overruled(verdict: PointVerdict, point: KeyPoint, rubric: Rubric, question_text: str,
               term_list: bool) -> tuple[PointVerdict, str | None]:
    for wrong in (m for m in rubric.misconceptions if m.reverses == point.id):
        if says_phrasing(verdict.quote, wrong.statement, tuple(wrong.phrasings), question_text):
            return _as(verdict, Verdict.INCORRECT), (
                f"'{point.id}' was marked {verdict.verdict}, but the quoted words say the opposite "
                f"({wrong.statement}); counted as incorrect.")
    if verdict.verdict != Verdict.NAMED and term_list:
        return _as(verdict, Verdict.NAMED), (
            f"'{point.id}' was marked {verdict.verdict}, but your answer only names terms without saying "
            f"anything about them; counted as named.")
    return verdict, None


def is_term_list(text: str, question_text: str) -> bool:
    """No clause of `text` states anything, it is not code or a formula, and the question does not ask for
    names or a list."""
    if CODE.search(text) or ASKS_FOR_LIST.search(question_text):
        return False
    clauses = analyse(text)
    return bool(clauses) and not any(c.predicate for c in clauses)


# An assignment, a call, an index or a code fence: code and formulas state things without verbs.
CODE = re.compile(r"[=`]|\w\(|\w\[|\n {2,}\S")


def _second_look(verdict: PointVerdict, point: KeyPoint, question_text: str, evidence_text: str,
                 second_opinion: SecondOpinion, notes: list[str]) -> tuple[PointVerdict, str | None]:
    text = verdict.quote if verdict.verdict in SUPPORTS else evidence_text
    opinion = second_opinion(point, text, question_text)
    if opinion.strong and opinion.verdict == Verdict.NAMED and verdict.verdict in (Verdict.COVERED, Verdict.PARTIAL):
        notes.append(f"'{point.id}' was marked {verdict.verdict}, but the quoted words only name it; counted as named.")
        return _as(verdict, Verdict.NAMED), None
    if verdict.verdict in SUPPORTS and opinion.verdict in NO_CREDIT:
        if opinion.strong:
            notes.append(f"'{point.id}' was marked {verdict.verdict}, but the quoted words "
                         f"{'contradict it' if opinion.verdict == Verdict.INCORRECT else 'do not state it'}; "
                         f"counted as {opinion.verdict}.")
            return _as(verdict, opinion.verdict, quote=verdict.quote if opinion.verdict == Verdict.INCORRECT else ""), None
        if verdict.verdict == Verdict.COVERED:
            return verdict, (f"'{point.id}' is worth a second look: the LLM grader said covered, the offline check "
                             f"of the quoted words says {opinion.verdict}.")
    if verdict.verdict in NO_CREDIT and opinion.verdict == Verdict.COVERED:
        return verdict, (f"'{point.id}' is worth a second look: the LLM grader said {verdict.verdict}, the offline "
                         f"check of your answer says covered.")
    return verdict, None


def _as(verdict: PointVerdict, to: Verdict, **update) -> PointVerdict:
    return verdict.model_copy(update={"verdict": to, "downgraded": True, **update})
