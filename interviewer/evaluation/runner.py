"""Grade a labelled dataset with bounded concurrency and compare with the human scores."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from interviewer.bank import Bank
from interviewer.domain.questions import Kind, Question, ReferenceAnswer, Topic
from interviewer.domain.rubrics import Rubric
from interviewer.evaluation import perturb
from interviewer.evaluation.dataset import Dataset, LabelledAnswer
from interviewer.evaluation.labels import has_labels, implied_score
from interviewer.evaluation.metrics import Agreement, agreement
from interviewer.grading.base import Grader, GradeRequest
from interviewer.grading.service import grade
from interviewer.rubric.extract import build_rubric
from interviewer.rubric.store import rubric_for

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CategoryMeans:
    n: int
    predicted: float  # mean grader score, dataset scale
    human: float      # mean label, dataset scale


@dataclass
class EvalResult:
    overall: Agreement
    by_question: dict[str, Agreement]
    predicted: list[float]
    shifts: dict[str, float] = field(default_factory=dict)  # perturbation -> mean score shift (dataset scale)
    by_category: dict[str, CategoryMeans] = field(default_factory=dict)  # rows with a category label only
    graded: int = 0  # grades asked for (perturbations included)
    fallbacks: int = 0  # of them, graded by the offline fallback because the LLM grade failed
    fallback_reason: str | None = None  # the first such failure
    implied: ImpliedFigures | None = None  # when every row has per-point labels


@dataclass(frozen=True)
class ImpliedFigures:
    """The labels' own score (our scoring rules applied to a human's verdicts) against the holistic score,
    and how far the grader's scores are from it: the part of the error that is the grader's, not the rules'."""
    agreement: Agreement      # implied score vs the holistic label
    scores: list[float]       # the implied score per row, dataset scale
    grader_mean_abs_diff: float  # mean |grader - implied|, dataset scale


def rubrics_for_dataset(dataset: Dataset, bank: Bank | None) -> dict[str, tuple[Question, Rubric]]:
    """Bank questions keep their reviewed rubric; others get one built from their reference answer."""
    result: dict[str, tuple[Question, Rubric]] = {}
    for row in dataset.rows:
        if row.question_id in result:
            continue
        if bank and row.question_id in bank.questions:
            question = bank.questions[row.question_id]
            result[row.question_id] = (question, rubric_for(question))
            continue
        question = Question(id=row.question_id, text=row.question, topic=Topic.FUNDAMENTALS, kind=Kind.CONCEPTUAL,
                            difficulty=2, references=[ReferenceAnswer(answer=row.reference_answer)])
        result[row.question_id] = (question, build_rubric(question))
    return result


async def evaluate(dataset: Dataset, grader: Grader, fallback: Grader | None = None, *, bank: Bank | None = None,
                   concurrency: int = 4, perturbations: bool = False, progress: Progress | None = None) -> EvalResult:
    rubrics = rubrics_for_dataset(dataset, bank)
    semaphore = asyncio.Semaphore(concurrency)
    rows = dataset.rows
    done, fell_back = 0, []

    async def score(row: LabelledAnswer, answer: str) -> float:
        nonlocal done
        question, rubric = rubrics[row.question_id]
        async with semaphore:
            feedback = await grade(GradeRequest(question, rubric, answer), grader, fallback)
        done += 1
        if feedback.provenance.fallback:
            fell_back.append(feedback.provenance.fallback_reason)
        if progress:
            progress(done, total)
        return feedback.score / 10 * row.max_score

    full_marks = sum(r.score == r.max_score for r in rows)
    total = len(rows) * 3 + full_marks if perturbations else len(rows)
    predicted = await asyncio.gather(*(score(r, r.answer) for r in rows))
    by_q: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_q[row.question_id].append(i)
    max_score = max(r.max_score for r in rows)
    result = EvalResult(
        overall=agreement(predicted, [r.score for r in rows], max_score),
        by_question={q: agreement([predicted[i] for i in idx], [rows[i].score for i in idx], max_score)
                     for q, idx in by_q.items()},
        predicted=list(predicted),
        by_category=by_category(rows, predicted),
    )
    if all(has_labels(r) for r in rows):
        result.implied = implied_figures(rows, predicted, rubrics, max_score)
    if perturbations:
        result.shifts = await _shifts(rows, predicted, score)
    result.graded, result.fallbacks = done, len(fell_back)
    result.fallback_reason = fell_back[0] if fell_back else None
    return result


def implied_figures(rows: list[LabelledAnswer], predicted: list[float], rubrics: dict[str, tuple[Question, Rubric]],
                    max_score: float) -> ImpliedFigures:
    implied = [implied_score(r, rubrics[r.question_id][1]) / 10 * r.max_score for r in rows]
    return ImpliedFigures(agreement(implied, [r.score for r in rows], max_score), implied,
                          sum(abs(p - i) for p, i in zip(predicted, implied)) / len(rows))


def by_category(rows: list[LabelledAnswer], predicted: list[float]) -> dict[str, CategoryMeans]:
    """Mean predicted and human score per category label, in the order the categories first appear."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row.category:
            groups[row.category].append(i)
    return {c: CategoryMeans(len(idx), sum(predicted[i] for i in idx) / len(idx), sum(rows[i].score for i in idx) / len(idx))
            for c, idx in groups.items()}


async def _shifts(rows: list[LabelledAnswer], predicted: list[float], score) -> dict[str, float]:
    # Padding text: the reference answer of another question: correct, but irrelevant here.
    others = {r.question_id: r.reference_answer for r in rows}
    ids = list(others)

    def irrelevant(row: LabelledAnswer) -> str:
        return others[ids[(ids.index(row.question_id) + 1) % len(ids)]] if len(ids) > 1 else "Unrelated text."

    padded = await asyncio.gather(*(score(r, perturb.pad(r.answer, irrelevant(r))) for r in rows))
    injected = await asyncio.gather(*(score(r, perturb.inject(r.answer)) for r in rows))
    full = [i for i, r in enumerate(rows) if r.score == r.max_score]
    paraphrased = await asyncio.gather(*(score(rows[i], perturb.paraphrase(rows[i].answer)) for i in full))
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
    return {
        "padding": mean([p - q for p, q in zip(padded, predicted)]),
        "injection": mean([p - q for p, q in zip(injected, predicted)]),
        "paraphrase": mean([p - predicted[i] for p, i in zip(paraphrased, full)]),
    }
