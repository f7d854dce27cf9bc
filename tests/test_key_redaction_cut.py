"""Messages are redacted before they are shortened: a server's text cut in the middle of a key must not leave
the key's first characters in the output or the database (an Azure-style key cut after 31 of 32 characters, a
Bearer token cut after 15)."""

from __future__ import annotations

import json

import httpx
import pytest

from interviewer.llm.errors import redact

AZURE_KEY = "".join(["9f8e7d6c", "5b4a3928", "1706f5e4", "d3c2b1a0"])  # 32 hex characters, assembled
TOKEN = "-".join(["sk", "proj", "Zx81TOKENfromAnotherPlace00"])
WINDOW = 8  # no run of this many characters of a secret may be shown or stored


def windows(secret: str) -> list[str]:
    return [secret[i:i + WINDOW] for i in range(len(secret) - WINDOW + 1)]


def assert_nothing_of(secret: str, *texts: str, home=None) -> None:
    for text in texts:
        assert not [w for w in windows(secret) if w in text], text
    for path in (p for p in (home.rglob("*") if home else ()) if p.is_file()):
        data = path.read_bytes()
        assert not [w for w in windows(secret) if w.encode() in data], path


def cut_inside(secret: str, limit: int, keep: int, before: str = "") -> str:
    """Text whose first `limit` characters end `keep` characters into `secret`."""
    return "x" * (limit - len(before) - keep) + before + secret + " and more"


@pytest.fixture(autouse=True)
def azure_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", AZURE_KEY)
    monkeypatch.setenv("INTERVIEWER_MAX_ATTEMPTS", "1")


def status_error(status: int, message: str):
    return httpx.Response(status, json={"error": {"message": message}})


CASES = {
    # error_detail keeps 300 characters of the server's message
    "401-key-cut-at-31": lambda: status_error(401, cut_inside(AZURE_KEY, 300, 31)),
    "400-key-cut-at-9": lambda: status_error(400, cut_inside(AZURE_KEY, 300, 9)),
    "401-bearer-cut-at-15": lambda: status_error(401, cut_inside(TOKEN, 300, 15, before="Authorization: Bearer ")),
    # a page that is not a completion is quoted up to 120 characters
    "200-page-key-cut-at-20": lambda: httpx.Response(200, text=cut_inside(AZURE_KEY, 120, 20, before="'"),
                                                     headers={"content-type": "text/html"}),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("grader", ["openai", "auto"])
def test_a_message_cut_inside_a_key_shows_and_stores_nothing_of_it(run_cli, openai_mock, isolated_environment,
                                                                    case, grader):
    openai_mock.post("/chat/completions").mock(side_effect=lambda request: CASES[case]())
    code, out, err = run_cli("grade", "--question", "dropout", "--answer", "Dropout drops units.", "--grader",
                             grader, "--json")
    if grader == "auto":
        assert code == 0 and json.loads(out)["provenance"]["fallback"] is True
    else:
        assert code == 1 and "Your answer is saved" in err
    assert_nothing_of(AZURE_KEY, out, err, home=isolated_environment)
    assert_nothing_of(TOKEN, out, err, home=isolated_environment)


@pytest.mark.parametrize("keep", [8, 12, 31])
def test_redact_removes_a_prefix_of_the_key_that_a_server_cut(keep):
    text = f"key: {AZURE_KEY[:keep]}"
    assert redact(text, AZURE_KEY) == "key: [redacted]"


def test_a_prefix_shorter_than_eight_characters_is_ordinary_text():
    assert redact(f"code {AZURE_KEY[:7]} ok", AZURE_KEY) == f"code {AZURE_KEY[:7]} ok"
