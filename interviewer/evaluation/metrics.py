"""Agreement between predicted and human scores, on the dataset's own scale. Pure Python."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from interviewer.domain.feedback import Feedback


@dataclass(frozen=True)
class Agreement:
    n: int
    pearson: float | None
    spearman: float | None
    rmse: float
    mae: float
    mean_signed_error: float  # predicted - human: positive means lenient
    qwk: float | None
    within_half: float

    def as_dict(self) -> dict[str, float | int | None]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def agreement(predicted: Sequence[float], human: Sequence[float], max_score: float) -> Agreement:
    if len(predicted) != len(human) or not predicted:
        raise ValueError("need equally many predicted and human scores, at least one")
    errors = [p - h for p, h in zip(predicted, human)]
    n = len(errors)
    return Agreement(
        n=n,
        pearson=pearson(predicted, human),
        spearman=pearson(ranks(predicted), ranks(human)),
        rmse=math.sqrt(sum(e * e for e in errors) / n),
        mae=sum(abs(e) for e in errors) / n,
        mean_signed_error=sum(errors) / n,
        qwk=quadratic_weighted_kappa([round(p) for p in predicted], [round(h) for h in human], 0, round(max_score)),
        within_half=sum(abs(e) <= 0.5 for e in errors) / n,
    )


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """None where it is undefined: fewer than two pairs, or either side constant."""
    try:
        return statistics.correlation(x, y)
    except statistics.StatisticsError:
        return None


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def quadratic_weighted_kappa(a: Sequence[int], b: Sequence[int], low: int, high: int) -> float | None:
    """Cohen's kappa with quadratic weights over the integer scale low..high (clipped)."""
    k = high - low + 1
    clip = lambda v: min(max(v, low), high) - low  # noqa: E731
    observed = [[0.0] * k for _ in range(k)]
    for x, y in zip(a, b):
        observed[clip(x)][clip(y)] += 1
    n = len(a)
    row = [sum(r) for r in observed]
    col = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            weight = (i - j) ** 2 / (k - 1) ** 2 if k > 1 else 0.0
            num += weight * observed[i][j]
            den += weight * row[i] * col[j] / n
    return None if den == 0 else 1 - num / den


def retest_agreement(rounds: list[list[Feedback]]) -> dict[str, float | int | None]:
    """How far repeated grades of the same answer agree: the first two samples' scores (Pearson and
    mean absolute difference, 0-10), and the share of point verdicts that match their majority."""
    pairs = [(r[0].score, r[1].score) for r in rounds if len(r) >= 2]
    shares = []
    for samples in rounds:
        by_point = Counter((v.point_id, v.verdict) for s in samples for v in s.verdicts)
        points = {pid for pid, _ in by_point}
        shares += [max(c for (pid, _), c in by_point.items() if pid == p) / len(samples) for p in points]
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    return {
        "answers": len(pairs),
        "retest_pearson": round(r, 4) if pairs and (r := pearson(first, second)) is not None else None,
        "retest_mean_abs_diff": round(sum(abs(a - b) for a, b in pairs) / len(pairs), 4) if pairs else None,
        "point_agreement": round(sum(shares) / len(shares), 4) if shares else None,
    }
