"""A careful human's per-point labels of an answer, read from a labelled set's `verdicts` and
`misconceptions` columns, and the score our scoring rules give them (the labels' implied score).

The implied score measures the scoring rules alone: it is what a perfect grader's verdicts come to. Its
agreement with the same human's holistic score bounds every grader from above.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from interviewer.domain.feedback import MisconceptionFound, PointVerdict, Verdict
from interviewer.domain.rubrics import Rubric
from interviewer.errors import BadInputError
from interviewer.evaluation.dataset import LabelledAnswer
from interviewer.grading.scoring import compute_score


@dataclass(frozen=True)
class PointLabels:
    verdicts: list[PointVerdict]
    misconceptions: list[MisconceptionFound]


def has_labels(row: LabelledAnswer) -> bool:
    return bool(row.verdicts.strip())


def point_labels(row: LabelledAnswer, rubric: Rubric) -> PointLabels:
    """The row's labels as a grader's verdicts; BadInputError naming the row when they do not fit the rubric."""
    where = f"line {row.line} ({row.question_id})"
    try:
        raw_verdicts = json.loads(row.verdicts)
        raw_misconceptions = json.loads(row.misconceptions or "[]")
        verdicts = [PointVerdict(point_id=pid, verdict=Verdict(v["verdict"]), quote=v.get("quote", ""))
                    for pid, v in raw_verdicts.items()]
        known = {m.id: m for m in rubric.misconceptions}
        misconceptions = [
            MisconceptionFound(misconception_id=m.get("id") or None,
                               statement=known[m["id"]].statement if m.get("id") in known else "a wrong claim",
                               quote=m.get("quote", ""))
            for m in raw_misconceptions
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadInputError(f"{where}: the per-point labels are not readable ({exc})") from None
    expected = {p.id for p in rubric.key_points}
    labelled = {v.point_id for v in verdicts}
    if labelled != expected:
        raise BadInputError(f"{where}: labels name points {sorted(labelled ^ expected)} that differ from the "
                            f"rubric's {sorted(expected)}")
    return PointLabels(verdicts, misconceptions)


def implied_score(row: LabelledAnswer, rubric: Rubric) -> float:
    """0-10: the row's labels scored by our rules."""
    labels = point_labels(row, rubric)
    return compute_score(rubric, labels.verdicts, labels.misconceptions)
