"""LLM failures, each with a message a candidate can act on. Messages never contain the API key."""

from __future__ import annotations

import re
from functools import lru_cache

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
MIN_SECRET_CHARS = 8  # a key's first 8 characters, or more, count as the key
# Secrets whatever key is configured: an echoed Authorization header, OpenAI-style keys (sk-..., sk-proj-...).
# Long and with a digit, so prose ("Bearer authentication", "sk-learn-style") is left alone.
_BEARER = r"bearer\s+(?=[\w.~+/=-]*\d)[\w.~+/=-]{15,}[\w~+/=-]"  # a JWT has dots, a sentence ends in one
_SK_KEY = r"sk-(?=[\w-]*\d)[\w-]{16,}"
_SECRET_SHAPES = re.compile(rf"(?i)(?<![\w-])(?:{_BEARER}|{_SK_KEY})")
# A word with a run of stars in it (`sk-****abcd`, as OpenAI's 401 message masks the key). It starts only where
# a word starts, so an unbroken word is scanned once, not once per character (quadratic on a long reply).
_MASKED_WORD = re.compile(r"(?<![\w*-])[\w-]*\*{3,}[\w*-]*")


def redact(text: str, secret: str | None = None) -> str:
    """Text from a server or a model, with every secret in it replaced: the configured key or any prefix of
    it of 8 characters or more (a message cut inside the key), a prefix-masked echo of it (`sk-****abcd`),
    and anything shaped like a key or token. Linear in the length of the text: no pattern backtracks."""
    # A placeholder key ("x", "ollama", as local servers accept any) is no secret, and replacing its letters
    # everywhere would corrupt the reply itself.
    if secret and len(secret) >= MIN_SECRET_CHARS:
        text = _key_and_its_prefixes(secret).sub(REDACTED, text)
        tail = secret[-4:]
        if len(secret) > 8 and "***" in text and tail in text:  # C-speed checks first: most text has neither
            text = _MASKED_WORD.sub(lambda m: REDACTED if tail in m.group().partition("***")[2] else m.group(), text)
    return _SECRET_SHAPES.sub(REDACTED, text)


@lru_cache(maxsize=4)
def _key_and_its_prefixes(secret: str) -> re.Pattern[str]:
    """The key's first 8 characters, then as many more of the key as follow them (one optional per character:
    the match only ever extends, never backtracks)."""
    head, rest = secret[:MIN_SECRET_CHARS], secret[MIN_SECRET_CHARS:]
    return re.compile(re.escape(head) + "".join(f"(?:{re.escape(c)}" for c in rest) + ")?" * len(rest))
