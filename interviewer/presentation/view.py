"""Feedback as a reader sees it, built once from the grade: every rendering (the app, `grade`'s text,
the Markdown export) shows these fields and decides nothing about them."""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer import graders
from interviewer.domain.feedback import Feedback, Provenance, Verdict
from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric
from interviewer.domain.session import FollowUp, QuestionRecord, VerdictReview

MARK = {Verdict.COVERED: "✓", Verdict.PARTIAL: "~", Verdict.NAMED: "·", Verdict.MISSING: "✗", Verdict.INCORRECT: "!"}


@dataclass(frozen=True)
class PointLine:
    mark: str
    verdict: Verdict
    statement: str
    quote: str
    point_id: str = ""
    review: str = ""  # "you: covered, the grader said missing (why)" or "confirmed by you"; "" when not reviewed


@dataclass(frozen=True)
class DimensionLine:
    name: str
    score: int  # 1-5
    why: str


@dataclass(frozen=True)
class FollowUpLine:
    number: int
    question: str
    answer: str  # the answer, or the draft kept when the interview ended before it was submitted
    outcome: str  # "grading…", "score 6/10 · you closed the gap", "skipped", …


@dataclass(frozen=True)
class FeedbackView:
    question: str
    score: float
    grader: str
    score_text: str = ""  # "8.1/10, reviewed by you; the grader said 6.4", or "6.4/10"
    gate_reason: str | None = None
    points: list[PointLine] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    misconceptions: list[tuple[str, str]] = field(default_factory=list)  # (quote, correction)
    dimensions: list[DimensionLine] = field(default_factory=list)
    star: str = ""
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, items), only non-empty ones
    stronger_answer: str = ""
    suggested_follow_up: str | None = None  # shown only when no follow-up was asked
    follow_ups: list[FollowUpLine] = field(default_factory=list)
    references: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StudyView:
    """What a skipped or unanswered question leaves to learn from: how a strong candidate would answer."""

    question: str
    model_answer: str
    references: list[str]


def study(question: Question, rubric: Rubric) -> StudyView:
    return StudyView(question.text, rubric.model_answer or "", [r.answer for r in question.references])


def grader_label(provenance: Provenance) -> str:
    p = provenance
    if p.grader == "gate":
        return "validity check (no grader call)"
    backend = graders.BACKENDS.get(p.grader)
    if p.grader == "fake":
        label = "scripted fake grader"
    elif backend and not backend.needs_llm:
        label = backend.label
    else:
        label = f"LLM grader: {p.model} at {p.endpoint_host}, prompt {p.prompt_version}"
    if p.fallback:
        label += f" — FALLBACK, the LLM grader failed: {p.fallback_reason}"
    return label


def score_label(score: float, grader_score: float | None = None) -> str:
    """A score, labelled as reviewed when the candidate's review is in it (`grader_score` given)."""
    if grader_score is None:
        return f"{score:g}/10"
    return f"{score:g}/10, reviewed by you; the grader said {grader_score:g}"


def graded_label(graded: QuestionRecord | FollowUp) -> str:
    """The score of an answer (or follow-up answer) with a grade, as every screen and export shows it."""
    grader = graded.grader_grade
    assert graded.feedback is not None, "a label is made for a graded answer"
    return score_label(graded.feedback.score, grader.score if graded.reviewed and grader else None)


def _review_note(review: VerdictReview | None) -> str:
    if review is None:
        return ""
    if not review.changed:
        return "confirmed by you"
    return f"changed by you, the grader said {review.grader_verdict}" + (f": {review.reason}" if review.reason else "")


def present(question: Question, rubric: Rubric, feedback: Feedback, item: QuestionRecord | None = None) -> FeedbackView:
    """The view of one graded answer; `item` adds what happened in the interview (follow-ups) and, when
    `feedback` is its grade, the candidate's review of it."""
    statements = {p.id: p.statement for p in rubric.key_points}
    reviewed = item is not None and item.feedback is feedback and item.reviewed
    reviews = item.reviews if item is not None and reviewed else {}
    points = [PointLine(MARK[v.verdict], v.verdict, statements.get(v.point_id, v.point_id), v.quote, v.point_id,
                        _review_note(reviews.get(v.point_id))) for v in feedback.verdicts]
    sections = [(title, items) for title, items in (
        ("What landed", feedback.strengths), ("What to sharpen", feedback.to_sharpen),
        ("Flags", feedback.flags), ("Notes", feedback.notes)) if items]
    follow_ups = [_follow_up(n, f) for n, f in enumerate(item.follow_ups, 1)] if item else []
    return FeedbackView(
        question=question.text,
        score=feedback.score,
        grader=grader_label(feedback.provenance),
        score_text=graded_label(item) if item is not None and reviewed else score_label(feedback.score),
        gate_reason=None if feedback.valid_answer else feedback.gate_reason or "",
        points=points,
        missed=[p.statement for p in points if p.verdict in (Verdict.MISSING, Verdict.INCORRECT)],
        misconceptions=[(m.quote, m.correction or m.statement) for m in feedback.misconceptions],
        dimensions=[DimensionLine(d.dimension.value.replace("_", " "), d.score, d.justification)
                    for d in feedback.dimensions],
        star="  ".join(f"{s.element} {'✓' if s.present else '✗'}" for s in feedback.star),
        sections=sections,
        stronger_answer=feedback.stronger_answer,
        suggested_follow_up=None if follow_ups else feedback.follow_up,
        follow_ups=follow_ups,
        references=[r.answer for r in question.references],
    )


def _follow_up(number: int, follow) -> FollowUpLine:
    if follow.feedback is not None:
        closed = {True: " · you closed the gap", False: " · the gap is still open", None: ""}[follow.recovered]
        outcome = f"score {graded_label(follow)}{closed}"
    elif follow.grading_error:
        outcome = f"grading failed: {follow.grading_error}"
    elif follow.answer:
        outcome = "grading…"
    elif follow.answered:
        outcome = "skipped"
    else:
        outcome = "not submitted: kept as a draft when the interview ended" if follow.draft else "not answered"
    written = follow.answer or ("" if follow.answered else follow.draft)
    return FollowUpLine(number, follow.text, written, outcome)


def mm_ss(seconds: float | None) -> str:
    seconds = int(round(abs(seconds or 0)))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def time_used(item: QuestionRecord) -> str:
    """'02:13 of 05:00, over by 00:12': what the transcript, feedback and report all show."""
    allowed = f" of {mm_ss(item.seconds_allowed)}" if item.seconds_allowed else ""
    over = f", over by {mm_ss(item.overrun_seconds)}" if item.over_time else ""
    return f"{mm_ss(item.seconds_used)}{allowed}{over}"
