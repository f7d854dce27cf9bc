"""Replies no model should send, read without the app hanging or crashing: runaway length, absurd token counts,
deep nesting, content of the wrong type. Each ends in a grade or a clear LLMError (the offline fallback's cue)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import httpx
import pytest

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


DEEP = "[" * 10_000 + "]" * 10_000


def completion_with(**message_or_usage) -> dict:
    from interviewer.bank import load_bank
    from interviewer.rubric.store import rubric_for
    from tests_support import chat_completion, grade_body

    body = chat_completion(json.dumps(grade_body(rubric_for(load_bank().get("dropout")))))
    usage = message_or_usage.pop("usage", None)
    body["choices"][0]["message"].update(message_or_usage)
    if usage is not None:
        body["usage"] = usage
    return body


def sse_events(*events: str) -> httpx.Response:
    return httpx.Response(200, text="".join(f"data: {e}\n\n" for e in events) + "data: [DONE]\n\n",
                          headers={"content-type": "text/event-stream"})


class CutBody(httpx.AsyncByteStream):
    """A JSON completion that stops halfway: the connection closes before content-length is reached."""

    async def __aiter__(self):
        yield b'{"id": "c", "object": "chat.completion", "choi'
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")


HOSTILE = {
    "json-nested-10000": lambda: httpx.Response(200, text=DEEP, headers={"content-type": "application/json"}),
    "sse-event-nested-10000": lambda: sse_events(DEEP),
    "error-body-nested-10000": lambda: httpx.Response(400, text=DEEP, headers={"content-type": "application/json"}),
    "content-an-object": lambda: httpx.Response(200, json=completion_with(content={"verdicts": {}})),
    "usage-nan": lambda: httpx.Response(200, text=json.dumps(completion_with(usage={"prompt_tokens": float("nan"),
                                                                                   "completion_tokens": float("inf")})),
                                        headers={"content-type": "application/json"}),
    "usage-strings": lambda: httpx.Response(200, json=completion_with(usage={"prompt_tokens": "12",
                                                                             "completion_tokens": [1]})),
    "usage-huge": lambda: httpx.Response(200, json=completion_with(usage={"prompt_tokens": 2**70,
                                                                          "completion_tokens": -5})),
    "body-cut-midway": lambda: httpx.Response(200, stream=CutBody(), headers={"content-type": "application/json"}),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_reply_falls_back_offline_under_auto_and_is_no_bug(run_cli, openai_mock, isolated_environment,
                                                                      monkeypatch, case):
    monkeypatch.setenv("INTERVIEWER_MAX_ATTEMPTS", "1")
    openai_mock.post("/chat/completions").mock(side_effect=lambda request: HOSTILE[case]())
    code, out, err = run_cli("grade", "--question", "dropout", "--answer", "Dropout zeroes units in training.",
                             "--json")
    assert "bug" not in err and "Traceback" not in err
    assert code == 0, err
    provenance = json.loads(out)["provenance"]
    # Either a grade (the reply was usable, its nonsense counts ignored) or the labelled offline fallback.
    assert provenance["fallback"] or provenance["grader"] == "openai"
    assert 0 <= provenance["prompt_tokens"] < 2**53 and 0 <= provenance["completion_tokens"] < 2**53


def test_a_port_out_of_range_is_a_settings_error_not_a_bug(run_cli, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:99999/v1")
    code, _, err = run_cli("grade", "--question", "dropout", "--answer", "Dropout zeroes units in training.")
    assert code != 0 and "bug" not in err and "99999" in err and "port" in err.lower()


def test_a_stream_that_ends_before_the_reply_finished_is_the_server_not_the_model(run_cli, openai_mock, monkeypatch):
    monkeypatch.setenv("INTERVIEWER_MAX_ATTEMPTS", "2")
    monkeypatch.setenv("INTERVIEWER_MAX_RETRY_SECONDS", "0.001")  # no real backoff wait between the two
    half = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": {"content": '{"verdicts": {"dro'}, "finish_reason": None}]}
    route = openai_mock.post("/chat/completions").mock(
        side_effect=lambda request: httpx.Response(200, text=f"data: {json.dumps(half)}\n\n",
                                                   headers={"content-type": "text/event-stream"}))
    code, _, err = run_cli("grade", "--question", "dropout", "--answer", "Dropout zeroes units in training.",
                           "--grader", "openai")
    assert code == 1 and "stopped sending midway" in err and "schema" not in err
    assert route.call_count == 1  # retried as a transport fault only within the retry window
