"""The provider-neutral structured-LLM port: send messages, get back a validated pydantic model with the
tokens it used. `structured.StructuredCaller` (any OpenAI-compatible endpoint) is one implementation;
another provider, or a batch submitter, is another class with the same `call`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)
PartialHandler = Callable[[dict[str, Any]], object]  # each partial parse of a streamed reply; its return is ignored


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0  # of prompt_tokens; only where the endpoint reports them


@dataclass
class StructuredReply(Generic[T]):
    value: T
    usage: Usage
    latency_ms: float


class StructuredLLM(Protocol):
    async def call(self, messages: list[dict[str, str]], output: type[T], name: str,
                   on_partial: PartialHandler | None = None) -> StructuredReply[T]:
        """One reply validated as `output` (named `name` to the model). Raises llm.errors.LLMError, its
        message free of secrets and terminal codes."""
        ...
