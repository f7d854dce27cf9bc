"""Faults of an OpenAI-compatible server are bounded in time and end with a message that says what to do.

Waits are injected (a fake sleep that moves a fake clock), and so is the cut-off that ends a request still
running at the deadline: the stand-in servers below fire it once they are trickling or hanging."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from interviewer.grading.base import GradeRequest
from interviewer.grading.openai_grader import OpenAIGrader
from interviewer.llm import errors
from interviewer.llm.client import make_client
from interviewer.llm.structured import StructuredCaller
from interviewer.settings import load_settings
from test_openai_grader import ANSWER, Q, R, ok, reply, sse


class FakeTime:
    """A clock and a sleep that moves it: retry waits take no real time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time():
    return FakeTime()


def grader_with(fake_time: FakeTime, **settings) -> OpenAIGrader:
    settings = load_settings(**{"max_attempts": 3, "request_timeout": 5, **settings})
    caller = StructuredCaller(make_client(settings.llm), settings.llm, sleep=fake_time.sleep, clock=fake_time.clock)
    return OpenAIGrader(caller, settings)


async def grade(grader: OpenAIGrader, on_partial=None):
    return await grader.grade(GradeRequest(question=Q, rubric=R, answer=ANSWER), on_partial)


class Cutoff:
    """The deadline's cut-off, fired by the test's server instead of by a real timer."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self.timeout: asyncio.Timeout | None = None
        self.requests = 0  # requests the server below received

    def __call__(self, delay: float) -> asyncio.Timeout:
        self.delays.append(delay)
        self.timeout = asyncio.timeout(None)
        return self.timeout

    def fire(self) -> None:
        self.timeout.reschedule(asyncio.get_running_loop().time())


# After firing the cut-off, a server goes on for this many turns of the event loop and then stops, so a
# broken cut-off fails the test instead of hanging it.
TURNS_AFTER_DEADLINE = 100


def trickling(cutoff: Cutoff):
    """A server that sends one byte at a time: each byte restarts a per-read timeout."""

    class Trickle(httpx.AsyncByteStream):
        async def __aiter__(self):
            for sent in range(3 + TURNS_AFTER_DEADLINE):
                if sent == 3:
                    cutoff.fire()
                await asyncio.sleep(0)
                yield b":"

    async def respond(request):
        cutoff.requests += 1
        return httpx.Response(200, stream=Trickle(), headers={"content-type": "text/event-stream"})

    return respond


def hanging(cutoff: Cutoff):
    async def respond(request):
        cutoff.requests += 1
        cutoff.fire()
        for _ in range(TURNS_AFTER_DEADLINE):
            await asyncio.sleep(0)
        return httpx.Response(504)

    return respond


@pytest.mark.parametrize("server", [trickling, hanging], ids=["trickles", "hangs"])
async def test_a_server_that_trickles_or_hangs_is_cut_off_at_the_deadline(openai_mock, fake_time, server):
    """First a 503 asking to wait 10 s, then the bad server: its request may run for the 30 s left, no more."""
    cutoff = Cutoff()
    busy = httpx.Response(503, headers={"retry-after": "10"}, json={"error": {"message": "busy"}})
    openai_mock.post("/chat/completions").mock(side_effect=[busy, server(cutoff)])
    settings = load_settings(max_attempts=3, request_timeout=5, grade_timeout=40)
    caller = StructuredCaller(make_client(settings.llm), settings.llm, sleep=fake_time.sleep, clock=fake_time.clock,
                              cutoff=cutoff)
    with pytest.raises(errors.LLMUnavailable, match=r"did not finish answering within 40 s, the time allowed for "
                                                    r"one grade \(2 attempts\).*INTERVIEWER_GRADE_TIMEOUT"):
        await grade(OpenAIGrader(caller, settings))
    assert cutoff.requests == 1 and cutoff.delays == [40.0, 30.0] and fake_time.waits == [10.0]


async def test_every_request_streams_so_a_slow_model_still_writing_is_not_cut_off(openai_mock, fake_time):
    """Five minutes of steady writing (by the clock) with a 5 s idle timeout and a 10 minute budget."""
    content = reply()["choices"][0]["message"]["content"]
    pieces = [content[i:i + 200] for i in range(0, len(content), 200)]

    class Slow(httpx.AsyncByteStream):
        async def __aiter__(self):
            for i, piece in enumerate(pieces):
                fake_time.now += 300 / len(pieces)
                chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
                         "choices": [{"index": 0, "delta": {"content": piece},
                                      "finish_reason": "stop" if i == len(pieces) - 1 else None}]}
                yield f"data: {json.dumps(chunk)}\n\n".encode()
            yield b"data: [DONE]\n\n"

    grader = grader_with(fake_time, grade_timeout=600)
    route = openai_mock.post("/chat/completions").mock(
        return_value=httpx.Response(200, stream=Slow(), headers={"content-type": "text/event-stream"}))
    feedback = await grade(grader)
    assert json.loads(route.calls[0].request.content)["stream"] is True
    assert feedback.score > 0 and feedback.provenance.latency_ms >= 300_000


async def test_retries_stop_when_the_next_wait_would_pass_the_deadline(openai_mock, fake_time):
    grader = grader_with(fake_time, max_attempts=10, grade_timeout=10)
    busy = httpx.Response(503, headers={"retry-after": "4"}, json={"error": {"message": "overloaded"}})
    route = openai_mock.post("/chat/completions").mock(return_value=busy)
    with pytest.raises(errors.LLMUnavailable, match=r"asks to wait 4 s, more than the 2 s left .*\(3 attempts\)"):
        await grade(grader)
    assert route.call_count == 3 and fake_time.waits == [4.0, 4.0] and fake_time.now <= 10


async def test_a_retry_after_longer_than_the_budget_ends_at_once_with_the_wait(openai_mock, fake_time):
    grader = grader_with(fake_time)
    route = openai_mock.post("/chat/completions").mock(return_value=httpx.Response(
        429, headers={"retry-after": "600"}, json={"error": {"message": "Rate limit reached"}}))
    with pytest.raises(errors.LLMUnavailable, match=r"the server asks to wait 600 s, more than the 90 s left.*Try again later"):
        await grade(grader)
    assert route.call_count == 1 and fake_time.waits == []


async def test_a_short_retry_after_is_honoured(openai_mock, fake_time):
    grader = grader_with(fake_time)
    route = openai_mock.post("/chat/completions").mock(side_effect=[
        httpx.Response(429, headers={"retry-after-ms": "1500"}, json={"error": {"message": "slow down"}}), ok()])
    assert (await grade(grader)).score > 0
    assert route.call_count == 2 and fake_time.waits == [1.5]


async def test_insufficient_quota_is_not_retried_and_says_what_to_do(openai_mock, fake_time):
    grader = grader_with(fake_time)
    route = openai_mock.post("/chat/completions").mock(return_value=httpx.Response(429, json={"error": {
        "message": "You exceeded your current quota, please check your plan and billing details.",
        "type": "insufficient_quota", "code": "insufficient_quota"}}))
    with pytest.raises(errors.LLMRejected, match=r"no quota left \(insufficient_quota\).*Add credit.*--grader offline"):
        await grade(grader)
    assert route.call_count == 1 and fake_time.waits == []


@pytest.mark.parametrize("page", [
    httpx.Response(200, text="<html><body>Gateway login</body></html>", headers={"content-type": "application/json"}),
    httpx.Response(200, content=b"", headers={"content-type": "application/json"}),
    httpx.Response(200, text="data: <html>\n\n", headers={"content-type": "text/event-stream"}),
    httpx.Response(200, json={"error": "no completion here"}),
], ids=["html-as-json", "empty", "bad-event", "json-not-a-completion"])
async def test_a_200_that_is_not_a_completion_is_asked_again_then_a_clear_error(openai_mock, fake_time, page):
    grader = grader_with(fake_time)
    route = openai_mock.post("/chat/completions").mock(return_value=page)
    with pytest.raises(errors.LLMOutputError, match="not a chat completion.*Check OPENAI_BASE_URL"):
        await grade(grader)
    assert route.call_count == 2


async def test_a_server_that_ignores_stream_and_sends_one_completion_is_read(openai_mock, fake_time):
    route = openai_mock.post("/chat/completions").mock(return_value=ok())
    partials: list[dict] = []
    feedback = await grade(grader_with(fake_time), partials.append)
    assert feedback.score > 0 and feedback.provenance.prompt_tokens == 100
    assert json.loads(route.calls[0].request.content)["stream"] is True and partials == []


async def test_streamed_partials_are_passed_on(openai_mock, fake_time):
    content = reply()["choices"][0]["message"]["content"]
    openai_mock.post("/chat/completions").mock(return_value=sse(content, pieces=5))
    partials: list[dict] = []
    await grade(grader_with(fake_time), partials.append)
    assert len(partials) >= 4 and partials[-1]["follow_up"] == "What changes at inference time?"


class BreakingServer:
    """A loopback server (free port) that starts a streamed reply, then drops the connection or goes quiet."""

    FIRST_EVENT = (b'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":'
                   b'[{"index":0,"delta":{"content":"{\\"ve"},"finish_reason":null}]}\n\n')

    def __init__(self, mode: str) -> None:
        import socket
        import threading

        self.mode, self.done = mode, threading.Event()
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}/v1"

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.socket.close()

    def _serve(self) -> None:
        try:
            conn, _ = self.socket.accept()
        except OSError:  # closed before any request
            return
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
                         + b"%x\r\n%s\r\n" % (len(self.FIRST_EVENT), self.FIRST_EVENT))
            if self.mode == "quiet":
                self.done.wait()


@pytest.mark.parametrize(("mode", "message"), [
    ("drops", r"Cannot reach 127\.0\.0\.1:\d+ \(APIConnectionError, 1 attempt\)"),
    ("quiet", r"127\.0\.0\.1:\d+ sent nothing for 0\.05 s \(1 attempt\)"),
])
async def test_a_stream_broken_midway_is_a_clear_error(mode, message):
    """The idle timeout holds inside a stream too (0.05 s of real waiting), and nothing escapes as a raw
    transport error."""
    with BreakingServer(mode) as base_url:
        settings = load_settings(base_url=base_url, max_attempts=1, request_timeout=0.05)
        grader = OpenAIGrader(StructuredCaller(make_client(settings.llm), settings.llm), settings)
        with pytest.raises(errors.LLMUnavailable, match=message):
            await grade(grader)
