"""Quotes are checked in code: a verdict claiming evidence the answer does not contain loses credit."""

from __future__ import annotations

import re

from interviewer.domain.feedback import PointVerdict, Verdict
from interviewer.nlp.text import normalise

_GRADER = r"(?:grader|evaluator|examiner|marker|assessor|reviewer|model|ai|assistant|llm)"
_GRADE = r"(?:grade|score|mark|marks|rating|points?)"
# Text addressed to whoever grades: instructions, notes to the grader, grades written for it, claims of
# an earlier grade. Each needs a cue that names the grading, so honest technical text that happens to
# say "disregard the padding tokens" or "the system prompt is prepended" is left alone.
INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|skip)\b[^.!?\n]{0,25}\b(?:instructions?|rubric|rules|criteria|prompt"
    r"|previous|prior|above|grading|scoring)\b"
    rf"|\b(?:note|message|instructions?|memo|hint|comment)s?\s+(?:to|for)\s+(?:the\s+|any\s+|my\s+)?{_GRADER}s?\b"
    rf"|^\W*(?:dear\s+)?{_GRADER}s?\s*[:,]|\bdear\s+{_GRADER}\b|\b(?:to|for) the {_GRADER}s?\s*:"
    r"|\b(?:give|award|assign|grade|score|rate|mark)\s+(?:this|me|the answer|my answer|it)\b[^.]{0,30}"
    r"\b(?:10|ten|full|maximum|max|perfect|top|highest)\b"
    r"|\b(?:10|ten) ?(?:/|out of) ?(?:10|ten)\b|you are (?:now )?(?:the|a|an) (?:grader|evaluator|examiner)"
    r"|\bas the (?:grader|evaluator|examiner)|(?:reveal|print|show|ignore)\s+(?:your|the)\s+system prompt"
    r"|\bnew instructions\b|\"?(?:score|verdict|covered|grade|points)\"?\s*[:=]\s*\"?(?:\d|covered|full|pass)"
    r"|\{\s*\"(?:score|verdict|grade|points|key_points|covered|feedback)\"|\brubric\s*:|\bassistant\s*:"
    r"|</?(?:answer|system|user|assistant)\b|end of (?:the |my )?answer|move on to the next question"
    r"|mark (?:all|every) (?:the )?(?:key )?points? (?:as )?covered"
    rf"|\b(?:previous|prior|earlier|other|first|last|another) {_GRADER}s?\b[^.]{{0,40}}"
    r"\b(?:gave|scored|rated|awarded|graded|marked)"
    rf"|\b(?:was|were|has been|have been|already) (?:been )?(?:graded|scored|rated|marked|awarded)\b[^.]{{0,25}}"
    rf"\b(?:\d+|full|perfect|top|maximum)\b"
    rf"|\b(?:received|got|earned|scored) (?:a |an )?(?:\d+(?:\.\d+)?\s*(?:/|out of)\s*\d+|full marks|perfect {_GRADE})",
    re.IGNORECASE | re.MULTILINE,
)


def quote_in_answer(quote: str, answer: str) -> bool:
    q = normalise(quote).strip(" .\"'")
    return bool(q) and q in normalise(answer)


def check_quotes(answer: str, verdicts: list[PointVerdict]) -> tuple[list[PointVerdict], list[str]]:
    """Downgrade covered, partial and named verdicts whose quote is not verbatim in the answer."""
    checked, notes = [], []
    for v in verdicts:
        if v.verdict in (Verdict.COVERED, Verdict.PARTIAL, Verdict.NAMED) and not quote_in_answer(v.quote, answer):
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
