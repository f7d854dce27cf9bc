"""No key leaks: whatever a server or model echoes back, the key is in no output and no file."""

from __future__ import annotations

import json

import httpx
import pytest

from conftest import FAKE_KEY
from interviewer.llm.errors import redact
from test_openai_grader import reply
from tests_support import chat_completion

# Shaped like a real OpenAI key at run time; assembled so no tracked file holds a key-shaped string.
OTHER_TOKEN = "-".join(["sk", "proj", "Zx81TOKENfromAnotherPlace00"])
# Key-like prose, with no digit: it must stay (assembled for the same reason).
PROSE = "task-sk-ordering, " + "sk-" + "learn-style-estimators and Bearer authentication-for-everyone stay"


def echo_page(status: int, content_type: str = "text/html"):
    """A proxy that shows the request's Authorization header back in its page."""

    def respond(request: httpx.Request) -> httpx.Response:
        header = request.headers["authorization"]
        body = (f"<html><body><h1>Gateway</h1><pre>authorization: {header}\nother: Bearer {OTHER_TOKEN}\n"
                f"key tail: sk-****{FAKE_KEY[-4:]}</pre></body></html>")
        return httpx.Response(status, text=body, headers={"content-type": content_type})

    return respond


def echoing_reply(request: httpx.Request) -> httpx.Response:
    """A valid grade whose feedback text repeats the header (a model echoing what a proxy showed it)."""
    body = json.loads(reply()["choices"][0]["message"]["content"])
    body["stronger_answer"] = f"Say it like this. {request.headers['authorization']} and {OTHER_TOKEN}."
    body["strengths"] = [f"Key {FAKE_KEY}"]
    return httpx.Response(200, json=chat_completion(json.dumps(body)))


def json_error(status: int):
    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"error": {"message": f"Bad credentials: {request.headers['authorization']}"}})

    return respond


FAILURES = {
    "200-html": echo_page(200),
    "200-html-as-json": echo_page(200, "application/json"),
    "401-json": json_error(401),
    "403-html": echo_page(403),
    "502-html": echo_page(502),
    "500-json": json_error(500),
}


def assert_no_secret(*texts: str, home=None) -> None:
    for text in texts:
        assert FAKE_KEY not in text and OTHER_TOKEN not in text and FAKE_KEY[-6:] not in text
    if home is not None:
        files = [p for p in home.rglob("*") if p.is_file()]
        for path in files:
            data = path.read_bytes()
            assert FAKE_KEY.encode() not in data and OTHER_TOKEN.encode() not in data, path


@pytest.fixture(autouse=True)
def one_attempt(monkeypatch):
    monkeypatch.setenv("INTERVIEWER_MAX_ATTEMPTS", "1")  # 5xx would otherwise back off for real seconds


@pytest.mark.parametrize("failure", list(FAILURES))
def test_explicit_llm_grader_failure_shows_no_key(run_cli, openai_mock, isolated_environment, failure):
    openai_mock.post("/chat/completions").mock(side_effect=FAILURES[failure])
    code, out, err = run_cli("grade", "--question", "dropout", "--answer", "Dropout drops units.", "--grader", "openai")
    assert code == 1 and "[redacted]" in err and "Your answer is saved" in err and "Traceback" not in err
    assert_no_secret(out, err, home=isolated_environment)


@pytest.mark.parametrize("failure", list(FAILURES))
def test_auto_fallback_reason_shows_no_key(run_cli, openai_mock, isolated_environment, failure):
    openai_mock.post("/chat/completions").mock(side_effect=FAILURES[failure])
    code, out, err = run_cli("grade", "--question", "dropout", "--answer", "Dropout drops units.", "--json")
    provenance = json.loads(out)["provenance"]
    assert code == 0 and provenance["fallback"] is True and "[redacted]" in provenance["fallback_reason"]
    assert_no_secret(out, err, home=isolated_environment)


def test_key_echoed_inside_a_valid_reply_is_redacted_from_the_feedback(run_cli, openai_mock, isolated_environment):
    openai_mock.post("/chat/completions").mock(side_effect=echoing_reply)
    code, out, err = run_cli("grade", "--question", "overfitting-prevention", "--answer",
                             "I use dropout during training. I also stop early when validation loss rises.",
                             "--grader", "openai")
    assert code == 0 and "Say it like this. Bearer [redacted] and [redacted]." in out and "Key [redacted]" in out
    assert_no_secret(out, err, home=isolated_environment)


def test_rubric_build_error_shows_no_key(run_cli, openai_mock, tmp_path):
    openai_mock.post("/chat/completions").mock(side_effect=echo_page(200))
    code, out, err = run_cli("rubrics", "build", "--question", "dropout", "--llm", "--out", str(tmp_path))
    assert code == 1 and "not a chat completion" in err
    assert_no_secret(out, err, home=tmp_path)


@pytest.mark.parametrize(("text", "expected"), [
    (f"Incorrect API key provided: {FAKE_KEY}.", "Incorrect API key provided: [redacted]."),
    (f"Incorrect API key provided: test-k*************{FAKE_KEY[-4:]}.", "Incorrect API key provided: [redacted]."),
    ("Authorization: Bearer abc.def-123_456/xyz=.", "Authorization: [redacted]."),
    (f"leaked {OTHER_TOKEN}!", "leaked [redacted]!"),
    (PROSE, PROSE),
])
def test_redact_covers_the_key_its_masked_echo_and_token_shapes(text, expected):
    assert redact(text, FAKE_KEY) == expected



def test_a_placeholder_key_for_a_local_server_does_not_corrupt_the_text():
    from interviewer.llm.errors import redact

    reply = '{"verdicts": {"softmax-head": {"verdict": "covered"}}}'
    assert redact(reply, "x") == reply and redact(reply, "ollama") == reply
    assert redact("echo: a-real-secret-key-123", "a-real-secret-key-123") == "echo: [redacted]"
