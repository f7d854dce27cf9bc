"""Replies no model should send, read without the app hanging or crashing: runaway length, absurd token counts,
deep nesting, content of the wrong type. Each ends in a grade or a clear LLMError (the offline fallback's cue)."""

from __future__ import annotations

from types import SimpleNamespace

from interviewer.llm.reply import PARTIAL_CHARS, _read_stream


def chunk(text: str) -> SimpleNamespace:
    delta = SimpleNamespace(content=text, refusal=None)
    return SimpleNamespace(usage=None, choices=[SimpleNamespace(delta=delta, finish_reason=None)])


async def stream_of(pieces):
    for piece in pieces:
        yield chunk(piece)


async def test_a_runaway_reply_is_passed_on_as_partials_only_while_it_is_short():
    piece = "x" * 1000
    sizes: list[int] = []
    completion = await _read_stream(stream_of([piece] * 200), lambda text: sizes.append(len(text)))
    assert len(completion.content) == 200_000  # read whole
    assert sizes and max(sizes) <= PARTIAL_CHARS and len(sizes) == PARTIAL_CHARS // 1000
