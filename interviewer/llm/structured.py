"""One structured-output call with one visible retry policy.

- Transport faults (429 honouring Retry-After, 408, 5xx, timeouts, connection errors) are retried with
  exponential backoff and jitter, within `max_attempts` and `max_retry_seconds` (tenacity).
- An endpoint that rejects the schema's length bounds is asked again without them; one that rejects
  `json_schema` response formats (llama-cpp-python answers 500 for it) is asked again in JSON mode with
  the schema in the prompt. Both are remembered for the next calls.
- A reply that fails validation is re-asked once with the validation error; then LLMOutputError.
- A reply cut off by the token limit is asked again once; then LLMCutOff. Refusal and content filter
  become LLMRefused and LLMContentFiltered.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

import jiter
import openai
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_after_delay
from tenacity.wait import wait_exponential_jitter

from interviewer.llm import errors
from interviewer.llm.client import endpoint_host
from interviewer.llm.schema import mentions_length_bound, strict_schema
from interviewer.settings import Settings

T = TypeVar("T", bound=BaseModel)
Mode = Literal["json_schema", "json_object"]
Sleep = Callable[[float], Awaitable[None]]
PartialHandler = Callable[[dict[str, Any]], None]

MAX_RETRY_AFTER = 60.0  # longer waits than this are reported, not slept through
NOT_A_COMPLETION = "not_a_completion"  # our marker: the body was not a chat completion at all


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0  # of prompt_tokens; only where the endpoint reports prompt_tokens_details


@dataclass
class Completion:
    """What one request returned, the same whether it was streamed or not."""

    content: str
    finish_reason: str | None
    refusal: str | None
    usage: Any


@dataclass
class StructuredReply(Generic[T]):
    value: T
    usage: Usage
    latency_ms: float


class StructuredCaller:
    def __init__(self, client: openai.AsyncOpenAI, settings: Settings, *, sleep: Sleep = asyncio.sleep) -> None:
        self.client = client
        self.settings = settings
        self.sleep = sleep
        self.mode: Mode = "json_schema"
        self.bounded = True  # send the schema's length bounds until the endpoint rejects them
        self._key = settings.api_key.get_secret_value() if settings.api_key else None

    async def call(self, messages: list[dict[str, str]], output: type[T], name: str,
                   on_partial: PartialHandler | None = None) -> StructuredReply[T]:
        """One validated reply. With `on_partial`, the reply is streamed and each partial parse passed on."""
        started = time.perf_counter()
        messages = list(messages)
        usage, reasked, cut_off_once = Usage(), False, False
        while True:
            completion = await self._send(messages, output, name, on_partial)
            if completion.usage:
                usage.prompt_tokens += completion.usage.prompt_tokens or 0
                usage.completion_tokens += completion.usage.completion_tokens or 0
                usage.cached_tokens += cached_prompt_tokens(completion.usage)
            if completion.finish_reason == NOT_A_COMPLETION:
                if reasked:
                    raise errors.LLMOutputError(
                        f"{endpoint_host(self.settings)} answered with something that is not a chat completion "
                        f"(e.g. an HTML error page): {completion.content[:120]!r}. Check OPENAI_BASE_URL."
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
                        f"The model's reply was cut off at max_tokens={self.settings.max_tokens} twice. "
                        "Raise INTERVIEWER_MAX_TOKENS or use a stronger model."
                    )
                cut_off_once = True
                continue
            content = completion.content
            try:
                value = output.model_validate_json(_strip_fences(content))
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
            latency = (time.perf_counter() - started) * 1000
            return StructuredReply(value, usage, latency)

    async def _send(self, messages: list[dict[str, str]], output: type[T], name: str,
                    on_partial: PartialHandler | None) -> Completion:
        """One completion, with transport retries; falls back to JSON mode once if json_schema is rejected."""
        sent = 0
        while True:
            try:
                retrying = AsyncRetrying(
                    retry=retry_if_exception(is_transient),
                    stop=stop_after_attempt(self.settings.max_attempts) | stop_after_delay(self.settings.max_retry_seconds),
                    wait=_wait,
                    sleep=self.sleep,
                    reraise=True,
                )
                async for attempt in retrying:
                    with attempt:
                        sent += 1
                        return await self._create(messages, output, name, on_partial)
            except openai.APIStatusError as exc:
                if self.bounded and rejects_length_bounds(exc):
                    self.bounded = False
                    continue
                if self.mode == "json_schema" and rejects_json_schema(exc):
                    self.mode = "json_object"
                    continue
                raise self._translate(exc, sent) from None
            except (openai.APIConnectionError, openai.APITimeoutError) as exc:
                raise self._translate(exc, sent) from None

    async def _create(self, messages: list[dict[str, str]], output: type[T], name: str,
                      on_partial: PartialHandler | None) -> Completion:
        schema = strict_schema(output, bounded=self.bounded)
        if self.mode == "json_schema":
            response_format: dict[str, Any] = {
                "type": "json_schema",
                "json_schema": {"name": name, "strict": True, "schema": schema},
            }
        else:
            # JSON mode: the schema travels in the prompt too (llama.cpp also constrains to `schema`).
            response_format = {"type": "json_object", "schema": schema}
            messages = [*messages, {"role": "system", "content": json_mode_instruction(schema)}]
        request = dict(model=self.settings.model, messages=messages, temperature=self.settings.temperature,
                       max_tokens=self.settings.max_tokens, response_format=response_format)
        if on_partial is None:
            response = await self.client.chat.completions.create(**request)
            if not getattr(response, "choices", None):  # e.g. a proxy's HTML page: the SDK hands back the text
                return Completion(str(response)[:300], NOT_A_COMPLETION, None, None)
            choice = response.choices[0]
            return Completion(choice.message.content or "", choice.finish_reason,
                              getattr(choice.message, "refusal", None), response.usage)
        stream = await self.client.chat.completions.create(**request, stream=True, stream_options={"include_usage": True})
        content: list[str] = []
        refusal: list[str] = []
        finish_reason, usage = None, None
        async for chunk in stream:
            usage = chunk.usage or usage
            for choice in chunk.choices:
                if choice.delta.content:
                    content.append(choice.delta.content)
                    on_partial(partial_json("".join(content)))
                if getattr(choice.delta, "refusal", None):
                    refusal.append(choice.delta.refusal)
                finish_reason = choice.finish_reason or finish_reason
        return Completion("".join(content), finish_reason, "".join(refusal) or None, usage)

    def _translate(self, exc: Exception, attempts: int) -> errors.LLMError:
        host = endpoint_host(self.settings)
        tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
        if isinstance(exc, openai.APITimeoutError):
            return errors.LLMUnavailable(
                f"{host} did not answer within {self.settings.request_timeout:g} s ({tries}). A slow local model may "
                "need a longer INTERVIEWER_REQUEST_TIMEOUT or a lower INTERVIEWER_MAX_TOKENS.")
        if isinstance(exc, openai.APIConnectionError):
            return errors.LLMUnavailable(f"Cannot reach {host} ({exc.__class__.__name__}, {tries}). Is the server running?")
        assert isinstance(exc, openai.APIStatusError)
        detail = errors.redact(_error_detail(exc), self._key)
        if is_transient(exc):
            after = retry_after_seconds(exc)
            wait_hint = f"; the server asks to wait {after:g} s" if after else ""
            return errors.LLMUnavailable(f"{host} answered HTTP {exc.status_code} ({tries}){wait_hint}: {detail}")
        hint = {401: " Check OPENAI_API_KEY.", 404: f" Check the model name ({self.settings.model}) and base URL."}
        return errors.LLMRejected(f"{host} rejected the request (HTTP {exc.status_code}): {detail}.{hint.get(exc.status_code, '')}")


def cached_prompt_tokens(usage: Any) -> int:
    details = getattr(usage, "prompt_tokens_details", None)
    return getattr(details, "cached_tokens", None) or 0


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        if rejects_json_schema(exc) or rejects_length_bounds(exc):
            return False
        if exc.status_code == 429:
            after = retry_after_seconds(exc)
            return after is None or after <= MAX_RETRY_AFTER
        return exc.status_code in (408, 409) or exc.status_code >= 500
    return False


def rejects_json_schema(exc: openai.APIStatusError) -> bool:
    text = _error_detail(exc).lower()
    return exc.status_code in (400, 422, 500, 501) and (
        "json_schema" in text or "response_format" in text or "'json_object'" in text
    )


def rejects_length_bounds(exc: openai.APIStatusError) -> bool:
    return exc.status_code in (400, 422, 500, 501) and mentions_length_bound(_error_detail(exc))


def retry_after_seconds(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    if response is None:
        return None
    headers = response.headers
    try:
        if "retry-after-ms" in headers:
            return float(headers["retry-after-ms"]) / 1000
        if "retry-after" in headers:
            return float(headers["retry-after"])
    except ValueError:
        return None
    return None


_backoff = wait_exponential_jitter(initial=1, max=20, jitter=1)


def _wait(state: RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    after = retry_after_seconds(exc) if exc else None
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


def _error_detail(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            return str(inner.get("message") or inner)[:300]
        return str(inner)[:300]
    return (str(body) if body else exc.message)[:300]
