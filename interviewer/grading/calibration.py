"""From the rubric's coverage measure to a score where human graders would put it.

A monotone (isotonic) map, fitted by pool-adjacent-violators on labelled answers, one table per kind of
rubric: reviewed bank rubrics and drafts built from one reference answer mean different things by the
same coverage. The fitted tables ship as data (calibration.json); `python evals/fit_calibration.py`
refits them. Isotonic beat linear fits for this job in Gaddipati et al. 2020.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

Knots = tuple[tuple[float, float], ...]  # (coverage, score share), coverage increasing


def fit_isotonic(xs: Sequence[float], ys: Sequence[float]) -> Knots:
    """The non-decreasing step fit of ys on xs (least squares), as one knot per pooled block.

    Each knot sits at its block's mean x; apply() interpolates between knots.
    """
    if len(xs) != len(ys) or not xs:
        raise ValueError("need equally many xs and ys, at least one")
    # Equal xs are one observation of their mean y: a step cannot separate them.
    grouped: dict[float, list[float]] = {}
    for x, y in zip(xs, ys):
        grouped.setdefault(x, []).append(y)
    blocks: list[list[float]] = []  # [sum_x, sum_y, count]
    for x in sorted(grouped):
        values = grouped[x]
        blocks.append([x * len(values), sum(values), len(values)])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            sx, sy, n = blocks.pop()
            blocks[-1][0] += sx
            blocks[-1][1] += sy
            blocks[-1][2] += n
    return tuple((sx / n, sy / n) for sx, sy, n in blocks)


def apply(knots: Knots, x: float) -> float:
    """The calibrated value at x: linear between knots, flat beyond the ends."""
    if not knots:
        return x
    xs = [k[0] for k in knots]
    i = bisect_right(xs, x)
    if i == 0:
        return knots[0][1]
    if i == len(knots):
        return knots[-1][1]
    (x0, y0), (x1, y1) = knots[i - 1], knots[i]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


@dataclass(frozen=True)
class Calibration:
    tables: dict[str, Knots]  # "reviewed" / "draft" -> knots on the 0-1 scale

    def score(self, raw: float, rubric_status: str) -> float:
        """A 0-10 raw rubric score to the calibrated 0-10 score (raw when no table fits)."""
        knots = self.tables.get("reviewed" if rubric_status == "reviewed" else "draft")
        if not knots:
            return raw
        return round(max(0.0, min(10.0, 10 * apply(knots, raw / 10))), 1)

    def to_json(self) -> str:
        """One table per line, knots as [coverage, score share]: easy to read in a diff."""
        tables = (f" {json.dumps(name)}: " + json.dumps([[round(x, 4), round(y, 4)] for x, y in knots])
                  for name, knots in self.tables.items())
        return "{\n" + ",\n".join(tables) + "\n}"

    @classmethod
    def from_json(cls, text: str) -> Calibration:
        data = json.loads(text)
        return cls({k: tuple((float(x), float(y)) for x, y in v) for k, v in data.items()})


IDENTITY = Calibration({})


@lru_cache(maxsize=1)
def shipped() -> Calibration:
    """The tables fitted by evals/fit_calibration.py; none (raw scores) if the file is absent."""
    try:
        text = resources.files("interviewer.grading").joinpath("calibration.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return IDENTITY
    return Calibration.from_json(text)
