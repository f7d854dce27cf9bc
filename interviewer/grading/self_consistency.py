"""Self-consistency, opt-in: grade N times and take the per-point majority (`--samples N`).

Repeated sampling with a majority vote and a flag for low agreement lowers grading error (Grade
Guard); samples need a temperature above 0 to differ, so 0 becomes SAMPLE_TEMPERATURE.
"""

from __future__ import annotations

import asyncio
from collections import Counter

from interviewer.domain.feedback import Feedback, PointVerdict
from interviewer.domain.rubrics import Rubric
from interviewer.grading.base import Grader, GradeRequest, PartialFeedback
from interviewer.grading.scoring import RULES, compute_score
from interviewer.llm.errors import LLMError
from interviewer.settings import Settings

SAMPLE_TEMPERATURE = 0.7
MAX_SAMPLES = 9


def sampling_settings(settings: Settings, samples: int) -> Settings:
    if samples > 1 and settings.temperature == 0:
        return settings.model_copy(update={"temperature": SAMPLE_TEMPERATURE})
    return settings


class SampledGrader:
    """Wraps a grader: N grades of each answer, combined point by point by majority."""

    def __init__(self, grader: Grader, samples: int) -> None:
        self.grader = grader
        self.kind = grader.kind
        self.samples = samples
        self.rounds: list[list[Feedback]] = []  # each answer's samples, for test-retest agreement

    async def grade(self, request: GradeRequest, on_partial: PartialFeedback | None = None) -> Feedback:
        # Only the first sample streams its progress: one reply on screen, not N interleaved.
        calls = [self.grader.grade(request, on_partial if i == 0 else None) for i in range(self.samples)]
        results = await asyncio.gather(*calls, return_exceptions=True)
        graded = [r for r in results if isinstance(r, Feedback)]
        failures = [r for r in results if not isinstance(r, Feedback)]
        llm_failures = [f for f in failures if isinstance(f, LLMError)]
        if not graded or len(llm_failures) < len(failures):
            raise failures[0]
        self.rounds.append(graded)
        combined = majority(request.rubric, graded)
        if failures:
            combined.notes.append(f"{len(failures)} of {self.samples} samples failed ({llm_failures[0].message}); "
                                  f"the grade is the majority of the other {len(graded)}.")
        return combined


def majority(rubric: Rubric, samples: list[Feedback]) -> Feedback:
    """Per point, the verdict most samples gave (a tie goes to the lower credit); the rest of the
    feedback from the sample that agrees most with those verdicts."""
    n = len(samples)
    verdicts: list[PointVerdict] = []
    agreement: list[str] = []
    flags: list[str] = []
    for point in rubric.key_points:
        given = [v for s in samples for v in s.verdicts if v.point_id == point.id]
        counts = Counter(v.verdict for v in given)
        winner = min(counts, key=lambda verdict: (-counts[verdict], RULES.credit[verdict]))
        verdicts.append(next(v for v in given if v.verdict == winner))
        agreement.append(f"{point.id} {counts[winner]}/{n}")
        if counts[winner] * 2 <= n:
            flags.append(f"'{point.id}' is worth a second look: the samples split "
                         f"({', '.join(f'{c} {v}' for v, c in counts.most_common())}).")
    chosen = {v.point_id: v.verdict for v in verdicts}
    base = max(samples, key=lambda s: sum(chosen.get(v.point_id) == v.verdict for v in s.verdicts))
    found = Counter(m.misconception_id for s in samples for m in s.misconceptions if m.misconception_id)
    misconceptions = [m for m in base.misconceptions if m.misconception_id is None or found[m.misconception_id] * 2 > n]
    misconceptions += [next(m for s in samples for m in s.misconceptions if m.misconception_id == mid)
                       for mid, count in found.items() if count * 2 > n
                       and all(m.misconception_id != mid for m in base.misconceptions)]
    provenance = base.provenance.model_copy(update={
        "prompt_tokens": sum(s.provenance.prompt_tokens for s in samples),
        "completion_tokens": sum(s.provenance.completion_tokens for s in samples),
        "cached_tokens": sum(s.provenance.cached_tokens for s in samples),
        "latency_ms": max(s.provenance.latency_ms for s in samples),  # the samples run at once
    })
    return base.model_copy(update={
        "score": compute_score(rubric, verdicts, misconceptions),
        "verdicts": verdicts,
        "misconceptions": misconceptions,
        "flags": list(dict.fromkeys(f for s in samples for f in s.flags)) + flags,
        "notes": [*base.notes, f"Majority of {n} samples; agreement per point: {', '.join(agreement)}."],
        "provenance": provenance,
    })
