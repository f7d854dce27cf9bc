"""The OpenAI-compatible implementation of the structured-LLM port (llm.port): one structured-output call
with one visible retry policy and one deadline (the config's time policy).

- Every request streams: `request_timeout` is an idle timeout (seconds with no byte from the server), so a
  slow model that is still writing is not cut off, and `call_timeout` bounds the whole call (every request,
  retry and wait), so a server that trickles or hangs cannot hold it longer.
- Transport faults (429 honouring Retry-After, 408, 5xx, timeouts, connection errors) are retried with
  exponential backoff and jitter, within `max_attempts`, `max_retry_seconds` and the deadline (tenacity).
  A wait the deadline cannot hold, and an exhausted quota, end the call at once.
- An endpoint that rejects the schema's length bounds is asked again without them; one that rejects
  `json_schema` response formats (llama-cpp-python answers 500 for it) is asked again in JSON mode with
  the schema in the prompt. Both are remembered for the next calls.
- A reply that is not a completion (an HTML page, an empty body) is asked again once; then LLMOutputError.
- A reply that fails validation is re-asked once with the validation error; then LLMOutputError.
- A reply cut off by the token limit is asked again once; then LLMCutOff. Refusal and content filter
  become LLMRefused and LLMContentFiltered.
- Whatever leaves this module (errors, replies, partial replies) has every secret redacted.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import jiter
import openai
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception
from tenacity.wait import wait_exponential_jitter

from interviewer.llm import errors
from interviewer.llm.client import endpoint_host
from interviewer.llm.config import LLMConfig
from interviewer.llm.deadline import Clock, Deadline
from interviewer.llm.faults import (
    is_transient, rejects_json_schema, rejects_length_bounds, retry_after_seconds, shown, translate,
)
from interviewer.llm.reply import NOT_A_COMPLETION, Completion, read_completion
from interviewer.llm.port import PartialHandler, StructuredReply, T, Usage
from interviewer.llm.schema import strict_schema
from interviewer.terminal import printable

Mode = Literal["json_schema", "json_object"]
Sleep = Callable[[float], Awaitable[None]]
Cutoff = Callable[[float], asyncio.Timeout]


class StructuredCaller:
    def __init__(self, client: openai.AsyncOpenAI, config: LLMConfig, *, sleep: Sleep = asyncio.sleep,
                 clock: Clock = time.monotonic, cutoff: Cutoff = asyncio.timeout) -> None:
        self.client = client
        self.config = config
        self.sleep = sleep
        self.clock = clock
        self.cutoff = cutoff  # cancels a request still running when the deadline comes
        self.mode: Mode = "json_schema"
        self.bounded = True  # send the schema's length bounds until the endpoint rejects them
        self._key = config.api_key.get_secret_value() if config.api_key else None

    async def call(self, messages: list[dict[str, str]], output: type[T], name: str,
                   on_partial: PartialHandler | None = None) -> StructuredReply[T]:
        """One validated reply. With `on_partial`, each partial parse of the streamed reply is passed on."""
        try:
            return await self._call(messages, output, name, on_partial)
        except errors.LLMError as exc:  # the one place errors leave the LLM layer: no key, no escapes
            raise type(exc)(printable(errors.redact(exc.message, self._key)), title=exc.title) from None

    async def _call(self, messages: list[dict[str, str]], output: type[T], name: str,
                    on_partial: PartialHandler | None) -> StructuredReply[T]:
        deadline = Deadline(self.config.time.call_timeout, self.clock)
        messages = list(messages)
        usage, reasked, cut_off_once = Usage(), False, False
        while True:
            completion = await self._send(messages, output, name, on_partial, deadline)
            if completion.usage:
                usage.prompt_tokens += token_count(getattr(completion.usage, "prompt_tokens", 0))
                usage.completion_tokens += token_count(getattr(completion.usage, "completion_tokens", 0))
                usage.cached_tokens += cached_prompt_tokens(completion.usage)
            if completion.finish_reason == NOT_A_COMPLETION:
                if reasked:
                    raise errors.LLMOutputError(
                        f"{endpoint_host(self.config)} answered with something that is not a chat completion "
                        f"(e.g. an HTML error page): {shown(completion.content, self._key, 120)!r}. Check "
                        "OPENAI_BASE_URL."
                    )
                reasked = True
                continue
            if completion.finish_reason == "content_filter":
                raise errors.LLMContentFiltered("The endpoint's content filter stopped the grader's reply.")
            if completion.refusal:
                raise errors.LLMRefused(f"The model refused to grade: {completion.refusal}")
            if completion.finish_reason == "length":
                if cut_off_once:
                    raise errors.LLMCutOff(
                        f"The model's reply was cut off at max_tokens={self.config.max_tokens} twice. "
                        "Raise INTERVIEWER_MAX_TOKENS or use a stronger model."
                    )
                cut_off_once = True
                continue
            content = errors.redact(completion.content, self._key)  # a model may echo a key into feedback
            try:
                value = reply_value(content, output)
            except ValidationError as exc:
                if reasked:
                    raise errors.LLMOutputError(
                        f"The model's reply did not match the {name} schema after a re-ask: {_summary(exc)}"
                    ) from None
                reasked = True
                messages += [
                    {"role": "assistant", "content": content[:4000]},
                    {"role": "user", "content": reask_message(exc)},
                ]
                continue
            return StructuredReply(value, usage, deadline.elapsed() * 1000)

    async def _send(self, messages: list[dict[str, str]], output: type[T], name: str,
                    on_partial: PartialHandler | None, deadline: Deadline) -> Completion:
        """One completion, with transport retries; falls back to JSON mode once if json_schema is rejected."""
        sent = 0
        while True:
            try:
                retrying = AsyncRetrying(retry=retry_if_exception(is_transient), stop=self._stop(deadline),
                                         wait=_wait, sleep=self.sleep, reraise=True)
                async for attempt in retrying:
                    with attempt:
                        sent += 1
                        return await self._attempt(messages, output, name, on_partial, deadline, sent)
            except openai.APIStatusError as exc:
                if self.bounded and rejects_length_bounds(exc):
                    self.bounded = False
                    continue
                if self.mode == "json_schema" and rejects_json_schema(exc):
                    self.mode = "json_object"
                    continue
                raise self._translate(exc, sent, deadline) from None
            except openai.OpenAIError as exc:
                raise self._translate(exc, sent, deadline) from None

    def _stop(self, deadline: Deadline) -> Callable[[RetryCallState], bool]:
        """Stop after max_attempts, or when the next wait would end past the retry window or the deadline."""
        def stop(state: RetryCallState) -> bool:
            return (state.attempt_number >= self.config.time.max_attempts
                    or state.upcoming_sleep >= self._seconds_left(deadline))
        return stop

    def _seconds_left(self, deadline: Deadline) -> float:
        return min(deadline.remaining(), self.config.time.max_retry_seconds - deadline.elapsed())

    async def _attempt(self, messages: list[dict[str, str]], output: type[T], name: str,
                       on_partial: PartialHandler | None, deadline: Deadline, sent: int) -> Completion:
        """One request, cut off when the deadline passes, however the server behaves."""
        remaining = deadline.remaining()
        if remaining > 0:
            limit = self.cutoff(remaining)
            try:
                async with limit:
                    return await self._create(messages, output, name, on_partial)
            except TimeoutError:
                if not limit.expired():
                    raise
        tries = f"{sent} attempt{'s' if sent != 1 else ''}"
        raise errors.LLMUnavailable(
            f"{endpoint_host(self.config)} did not finish answering within {self.config.time.call_timeout:g} s, "
            f"the time allowed for one grade ({tries}): it was still sending, or never answered. Check the "
            "server; for a slow local model raise INTERVIEWER_GRADE_TIMEOUT.")

    async def _create(self, messages: list[dict[str, str]], output: type[T], name: str,
                      on_partial: PartialHandler | None) -> Completion:
        body = request_body(self.config, messages, output, name, mode=self.mode, bounded=self.bounded)
        raw = await self.client.chat.completions.with_raw_response.create(
            **body, stream=True, stream_options={"include_usage": True})
        on_text = None
        if on_partial is not None:
            def on_text(text: str) -> None:
                on_partial(partial_json(errors.redact(text, self._key)))
        return await read_completion(raw, on_text)

    def _translate(self, exc: Exception, attempts: int, deadline: Deadline) -> errors.LLMError:
        return translate(exc, host=endpoint_host(self.config), model=self.config.model, attempts=attempts,
                         request_timeout=self.config.time.request_timeout, seconds_left=self._seconds_left(deadline),
                         secret=self._key)


def request_body(config: LLMConfig, messages: list[dict[str, str]], output: type[BaseModel], name: str, *,
                 mode: Mode = "json_schema", bounded: bool = True) -> dict[str, Any]:
    """The chat-completions request for one structured reply, without transport options (streaming): what a
    call sends, and what a batch file line carries as its body."""
    schema = strict_schema(output, bounded=bounded)
    if mode == "json_schema":
        response_format: dict[str, Any] = {
            "type": "json_schema",
            "json_schema": {"name": name, "strict": True, "schema": schema},
        }
    else:
        # JSON mode: the schema travels in the prompt too (llama.cpp also constrains to `schema`).
        response_format = {"type": "json_object", "schema": schema}
        messages = [*messages, {"role": "system", "content": json_mode_instruction(schema)}]
    return {"model": config.model, "messages": messages, "temperature": config.temperature,
            "max_tokens": config.max_tokens, "response_format": response_format}


def reply_value(content: str, output: type[T]) -> T:
    """A reply's content validated against the schema (a fenced block is unwrapped). Raises ValidationError."""
    return output.model_validate_json(_strip_fences(content))


def cached_prompt_tokens(usage: Any) -> int:
    details = getattr(usage, "prompt_tokens_details", None)
    return token_count(getattr(details, "cached_tokens", 0))


MAX_TOKEN_COUNT = 10**9  # far above any context window: a larger count is a server's nonsense


def token_count(value: Any) -> int:
    """A count a server reported, or 0 if it is none (NaN, a string, negative, beyond any request)."""
    return value if type(value) is int and 0 <= value <= MAX_TOKEN_COUNT else 0


_backoff = wait_exponential_jitter(initial=1, max=20, jitter=1)


def _wait(state: RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    after = retry_after_seconds(exc)
    return after if after is not None else _backoff(state)


def partial_json(text: str) -> dict[str, Any]:
    """Best-effort parse of an incomplete JSON object (what has streamed in so far)."""
    try:
        value = jiter.from_json(text.encode(), partial_mode="trailing-strings")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def reask_message(exc: ValidationError) -> str:
    return (
        "Your previous reply was not valid for the required JSON schema. Errors: "
        + _summary(exc)
        + ". Reply again with only the corrected JSON object."
    )


def json_mode_instruction(schema: dict[str, Any]) -> str:
    return "Reply with one JSON object only, matching this JSON Schema:\n" + json.dumps(schema)


def _summary(exc: ValidationError) -> str:
    parts = [f"{'.'.join(map(str, e['loc'])) or 'reply'}: {e['msg']}" for e in exc.errors(include_url=False)[:8]]
    return "; ".join(parts)


def _strip_fences(content: str) -> str:
    match = re.fullmatch(r"\s*```(?:json)?\s*(.*?)\s*```\s*", content, re.DOTALL)
    return match.group(1) if match else content
