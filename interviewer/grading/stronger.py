"""The offline stronger answer: the rubric's model answer, after one sentence acknowledging, in the
candidate's own words, what they already got right."""

from __future__ import annotations

from interviewer.domain.feedback import PointVerdict, Verdict
from interviewer.domain.questions import Kind
from interviewer.domain.rubrics import Rubric

QUOTE_CHARS = 140  # longest stretch of the candidate's answer quoted back before it is cut at a word


def stronger_answer(rubric: Rubric, verdicts: list[PointVerdict], kind: Kind | None = None) -> str:
    """Prose to learn from. Empty when the rubric has no model answer (an unreviewed draft): a list of the
    rubric's points is not an answer."""
    if not rubric.model_answer:
        return ""
    return f"{_acknowledgement(rubric, verdicts, kind)}\n\n{rubric.model_answer.strip()}"


def _acknowledgement(rubric: Rubric, verdicts: list[PointVerdict], kind: Kind | None) -> str:
    weights = {p.id: p.weight for p in rubric.key_points}
    covered = sorted((v for v in verdicts if v.verdict == Verdict.COVERED and v.point_id in weights),
                     key=lambda v: -weights[v.point_id])
    whole = ("Here is an example story with the structure interviewers listen for; tell your own, with your real "
             "details:" if kind == Kind.EXPERIENCE else "Here is how a strong candidate might put the whole answer:")
    if not covered:
        return whole
    if len(covered) == len(rubric.key_points):
        return f"You made every key point; compare your wording and depth with this. {whole}"
    quote = next((v.quote for v in covered if v.quote), "")
    said = f", for instance when you said “{_shorten(quote)}”" if quote else ""
    return (f"You already had {len(covered)} of the {len(rubric.key_points)} key points right{said}. "
            f"Keep that, and build on it. {whole}")


def _shorten(text: str) -> str:
    text = " ".join(text.split()).rstrip(".!?;:, ")
    if len(text) <= QUOTE_CHARS:
        return text
    return text[:QUOTE_CHARS].rsplit(" ", 1)[0] + "…"
