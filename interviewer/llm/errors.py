"""LLM failures, each with a message a candidate can act on. Messages never contain the API key."""

from __future__ import annotations

import re

from interviewer.errors import InterviewerError


class LLMError(InterviewerError):
    title = "Grading failed"
    exit_code = 1


class LLMUnavailable(LLMError):
    """Transport faults (429, 5xx, timeouts, connection errors) outlasted the retry budget."""


class LLMRejected(LLMError):
    """The endpoint refused the request (bad key, unknown model, bad request): retrying cannot help."""


class LLMOutputError(LLMError):
    """The model's reply did not match the schema, even after one re-ask."""


class LLMRefused(LLMError):
    """The model refused to answer."""


class LLMCutOff(LLMError):
    """The reply hit the token limit (finish_reason=length), twice."""


class LLMContentFiltered(LLMError):
    """The endpoint's content filter stopped the reply."""


REDACTED = "[redacted]"
MIN_SECRET_CHARS = 8
# Secrets whatever key is configured: an echoed Authorization header, OpenAI-style keys (sk-..., sk-proj-...).
# Long and with a digit, so prose ("Bearer authentication", "sk-learn-style") is left alone.
_BEARER = r"bearer\s+(?=[\w.~+/=-]*\d)[\w.~+/=-]{15,}[\w~+/=-]"  # a JWT has dots, a sentence ends in one
_SK_KEY = r"sk-(?=[\w-]*\d)[\w-]{16,}"
_SECRET_SHAPES = re.compile(rf"(?i)(?<![\w-])(?:{_BEARER}|{_SK_KEY})")


def redact(text: str, secret: str | None = None) -> str:
    """Text from a server or a model, with every secret in it replaced: the configured key, a prefix-masked
    echo of it (`sk-****abcd`, as OpenAI's 401 message shows it), and anything shaped like a key or token."""
    # A placeholder key ("x", "ollama", as local servers accept any) is no secret, and replacing its letters
    # everywhere would corrupt the reply itself.
    if secret and len(secret) >= MIN_SECRET_CHARS:
        text = text.replace(secret, REDACTED)
        if len(secret) > 8:
            text = re.sub(r"[\w-]*\*{3,}[\w-]*?" + re.escape(secret[-4:]), REDACTED, text)
    return _SECRET_SHAPES.sub(REDACTED, text)
