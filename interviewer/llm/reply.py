"""Read one chat-completion response, whatever came back: a stream, a whole JSON completion (some servers
ignore `stream`), or something that is no completion at all (a proxy's HTML page, an empty body)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai

NOT_A_COMPLETION = "not_a_completion"  # our marker: the body was not a chat completion at all
TextHandler = Callable[[str], None]
# Partial replies are passed on up to this size (a grade is a few thousand characters): past it, joining and
# parsing the whole text again for each piece would make a runaway reply quadratic.
PARTIAL_CHARS = 64_000


class ReplyBrokeOff(openai.APIConnectionError):
    """The server stopped sending midway through a reply: its fault, not the model's; retried as transport."""

    def __init__(self, what: str, request: Any) -> None:
        super().__init__(message=what, request=request)


@dataclass
class Completion:
    """What one request returned, the same whether it was streamed or not."""

    content: str
    finish_reason: str | None
    refusal: str | None
    usage: Any


async def read_completion(raw: Any, on_text: TextHandler | None) -> Completion:
    """`raw` is the SDK's raw response to a streamed request; `on_text` gets the content so far."""
    if "text/event-stream" in raw.http_response.headers.get("content-type", ""):
        completion = await _read_stream(raw.parse(), on_text)
        if completion.finish_reason is None:  # every server ends a reply with one: the stream was cut
            raise ReplyBrokeOff("the event stream ended before the reply finished", raw.http_response.request)
        return completion
    try:
        body = await raw.http_response.aread()
    except Exception as exc:  # noqa: BLE001 - the body broke off while read: a transport fault, retried as one
        raise ReplyBrokeOff(f"the body ended early ({exc.__class__.__name__})", raw.http_response.request) from None
    return _whole_completion(body)



async def _read_stream(stream: Any, on_text: TextHandler | None) -> Completion:
    content: list[str] = []
    refusal: list[str] = []
    finish_reason, usage, size = None, None, 0
    try:
        async for chunk in stream:
            usage = chunk.usage or usage
            for choice in chunk.choices or ():
                if choice.delta.content:
                    content.append(_text(choice.delta.content))
                    size += len(choice.delta.content)
                    if on_text and size <= PARTIAL_CHARS:
                        on_text("".join(content))
                if getattr(choice.delta, "refusal", None):
                    refusal.append(choice.delta.refusal)
                finish_reason = choice.finish_reason or finish_reason
    # An event that is not JSON, not a chunk, or JSON nested too deep to read (RecursionError).
    except (ValueError, AttributeError, TypeError, RecursionError):
        return Completion("".join(content) or "a malformed event stream", NOT_A_COMPLETION, None, None)
    return Completion("".join(content), finish_reason, "".join(refusal) or None, usage)


def _whole_completion(body: bytes) -> Completion:
    from openai.types.chat import ChatCompletion

    text = body.decode("utf-8", "replace")
    try:
        data = json.loads(text)
        completion = ChatCompletion.construct(**data)
        choice = completion.choices[0]
        message = choice.message
        return Completion(_text(message.content or ""), choice.finish_reason, getattr(message, "refusal", None),
                          completion.usage)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError):
        # Whole: the caller redacts it before quoting a part of it.
        return Completion(text.strip() or "an empty body", NOT_A_COMPLETION, None, None)


def _text(content: Any) -> str:
    """Message content is a string; anything else (an object, a number) makes the reply no completion."""
    if not isinstance(content, str):
        raise TypeError(f"content is {type(content).__name__}, not text")
    return content
