"""Quotes are checked in code: a verdict claiming evidence the answer does not contain loses credit."""

from __future__ import annotations

import re

from interviewer.domain.feedback import PointVerdict, Verdict
from interviewer.text import normalise

INJECTION = re.compile(
    r"ignore (all |any |the |your )?(previous |prior |above )?(instructions|rubric|rules)|disregard (the|all|your)"
    r"|(give|award|assign|grade|score|rate) (this|me|the answer|my answer)[^.]{0,30}\b(10|ten|full|maximum|perfect)"
    r"|\b(10|ten) ?(/|out of) ?10\b|you are (now )?(the|a) grader|as the grader|system prompt|new instructions"
    r"|\"?(score|verdict|covered)\"?\s*[:=]\s*\"?(10|covered)|\brubric\s*:|assistant\s*:|</?(answer|system|user)"
    r"|end of (the )?answer|move on to the next question|mark (all|every) (key )?points? (as )?covered",
    re.IGNORECASE,
)


def quote_in_answer(quote: str, answer: str) -> bool:
    q = normalise(quote).strip(" .\"'")
    return bool(q) and q in normalise(answer)


def check_quotes(answer: str, verdicts: list[PointVerdict]) -> tuple[list[PointVerdict], list[str]]:
    """Downgrade covered/partial verdicts whose quote is not verbatim in the answer."""
    checked, notes = [], []
    for v in verdicts:
        if v.verdict in (Verdict.COVERED, Verdict.PARTIAL) and not quote_in_answer(v.quote, answer):
            notes.append(f"'{v.point_id}' was marked {v.verdict} with a quote that is not in your answer; counted as missing.")
            v = v.model_copy(update={"verdict": Verdict.MISSING, "quote": "", "downgraded": True})
        checked.append(v)
    return checked, notes


def without_injections(answer: str) -> tuple[str, list[str]]:
    """The answer with text addressed to the grader removed, and that text (for the feedback's flags)."""
    injected = injection_sentences(answer)
    clean = answer
    for sentence in injected:
        clean = clean.replace(sentence, " ")
    return clean, injected


def injection_sentences(answer: str) -> list[str]:
    """The text that addresses the grader: from where it starts to the end of its sentence.

    Starting at the trigger, not at the sentence start, keeps the candidate's own words when an
    injection is run on without a full stop.
    """
    found = []
    for part in re.split(r"(?<=[.!?\n])\s+", answer):
        match = INJECTION.search(part)
        if match:
            found.append(part[match.start():].strip())
    return found
