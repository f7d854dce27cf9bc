"""What grading cost: the tokens an interview's grades used, and their price when the user set one.

Headless: built from `Feedback` (main and follow-up answers alike) and the `prices` setting; the report,
the export and `stats` render `GradingCost.summary()`. Offline and gated grades used no tokens and are
free. A fallback grade counts whatever tokens its provenance records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewer.domain.feedback import Feedback
from interviewer.domain.session import SessionRecord

if TYPE_CHECKING:
    from interviewer.settings import ModelPrice

PER_TOKENS = 1_000_000  # prices are set in USD per million tokens
UNKNOWN_MODEL = "an unnamed model"


@dataclass(frozen=True)
class GradingCost:
    prompt_tokens: int = 0
    cached_tokens: int = 0  # of prompt_tokens
    completion_tokens: int = 0
    grades: int = 0
    usd: float | None = 0.0  # None when a grade that used tokens has a model with no price set
    unpriced_models: tuple[str, ...] = ()

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def summary(self) -> str:
        if self.total_tokens == 0:
            return "no LLM tokens used (offline grading is free)"
        cached = f" ({self.cached_tokens:,} cached)" if self.cached_tokens else ""
        tokens = f"{self.prompt_tokens:,} prompt{cached} + {self.completion_tokens:,} completion tokens"
        if self.usd is None:
            return f"{tokens} (no price set for {', '.join(self.unpriced_models)})"
        return f"{tokens}, {dollars(self.usd)}"


def grading_cost(feedback: Iterable[Feedback], prices: Mapping[str, ModelPrice]) -> GradingCost:
    return usage_cost(((f.provenance.model, f.provenance.prompt_tokens, f.provenance.cached_tokens,
                        f.provenance.completion_tokens, 1) for f in feedback), prices)


def interview_cost(record: SessionRecord, prices: Mapping[str, ModelPrice]) -> GradingCost:
    return grading_cost(record.grades(), prices)


def usage_cost(usage: Iterable[tuple[str | None, int, int, int, int]], prices: Mapping[str, ModelPrice]) -> GradingCost:
    """From (model, prompt, cached, completion tokens, grades) rows: one per grade, or sums per model."""
    prompt = cached = completion = grades = 0
    usd = 0.0
    unpriced: dict[str, None] = {}  # ordered set, in the order grades used them
    for model, prompt_tokens, cached_tokens, completion_tokens, count in usage:
        grades += count
        prompt, cached, completion = prompt + prompt_tokens, cached + cached_tokens, completion + completion_tokens
        if prompt_tokens == 0 and completion_tokens == 0:
            continue
        price = prices.get(model) if model else None
        if price is None:
            unpriced[model or UNKNOWN_MODEL] = None
            continue
        usd += grade_usd(price, prompt_tokens, cached_tokens, completion_tokens)
    return GradingCost(prompt, cached, completion, grades, None if unpriced else usd, tuple(unpriced))


def grade_usd(price: ModelPrice, prompt_tokens: int, cached_tokens: int, completion_tokens: int) -> float:
    """Cached tokens are part of prompt_tokens, billed at the cached price (the prompt price if unset)."""
    cached_price = price.prompt if price.cached is None else price.cached
    cached_tokens = min(cached_tokens, prompt_tokens)
    return ((prompt_tokens - cached_tokens) * price.prompt + cached_tokens * cached_price
            + completion_tokens * price.completion) / PER_TOKENS


def dollars(usd: float) -> str:
    """Cents for sums from a dollar up; four decimals below, where one interview's grading usually is."""
    if usd == 0:
        return "$0"
    if usd < 0.0001:
        return "under $0.0001"
    return f"${usd:,.2f}" if usd >= 1 else f"${usd:.4f}"
