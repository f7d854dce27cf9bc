"""LLM failures, each with a message a candidate can act on. Messages never contain the API key."""

from __future__ import annotations

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


def redact(text: str, secret: str | None) -> str:
    """Remove the key (and any prefix-masked echo of it) from text that may reach the user."""
    if secret:
        text = text.replace(secret, "[redacted]")
        if len(secret) > 8:
            text = text.replace(secret[-4:], "****")
    return text
