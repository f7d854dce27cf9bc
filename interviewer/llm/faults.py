"""What an HTTP or transport failure means (retry it? ask differently?) and what to tell the user."""

from __future__ import annotations

import math

import openai

from interviewer.llm import errors
from interviewer.llm.reply import ReplyBrokeOff


def is_transient(exc: BaseException) -> bool:
    """Worth another attempt: timeouts, connection errors, 408/409, 429 (unless the quota is gone) and 5xx."""
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        if rejects_json_schema(exc) or quota_exhausted(exc):
            return False
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def quota_exhausted(exc: openai.APIStatusError) -> bool:
    """OpenAI answers 429 `insufficient_quota` when the account is out of credit: waiting does not help."""
    body = exc.body if isinstance(exc.body, dict) else {}
    inner = body.get("error", body)
    fields = (inner.get("code"), inner.get("type")) if isinstance(inner, dict) else ()
    return "insufficient_quota" in fields or "insufficient_quota" in error_detail(exc)


def rejects_json_schema(exc: openai.APIStatusError) -> bool:
    text = error_detail(exc).lower()
    return exc.status_code in (400, 422, 500, 501) and (
        "json_schema" in text or "response_format" in text or "'json_object'" in text
    )


def retry_after_seconds(exc: BaseException | None) -> float | None:
    response = getattr(exc, "response", None)
    if response is None:
        return None
    headers = response.headers
    try:
        if "retry-after-ms" in headers:
            seconds = float(headers["retry-after-ms"]) / 1000
        elif "retry-after" in headers:
            seconds = float(headers["retry-after"])
        else:
            return None
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None  # "nan" is no wait: back off instead


def error_detail(exc: openai.APIStatusError) -> str:
    """The server's own words about the failure, whole and not yet redacted (see `shown`)."""
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            return str(inner.get("message") or inner)
        return str(inner)
    return str(body) if body else exc.message


def shown(text: str, secret: str | None, limit: int = 300) -> str:
    """A server's text as a message quotes it: redacted first, then shortened, so a cut never falls inside a
    key and leaves its first characters behind."""
    return errors.redact(text, secret)[:limit]


def translate(exc: Exception, *, host: str, model: str, attempts: int, request_timeout: float,
              seconds_left: float, secret: str | None = None) -> errors.LLMError:
    """The user-facing error for a failure that ends the call (after retries, or at once)."""
    tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
    if isinstance(exc, openai.APITimeoutError):
        return errors.LLMUnavailable(
            f"{host} sent nothing for {request_timeout:g} s ({tries}). A slow local model may need a longer "
            "INTERVIEWER_REQUEST_TIMEOUT or a lower INTERVIEWER_MAX_TOKENS.")
    if isinstance(exc, ReplyBrokeOff):
        return errors.LLMUnavailable(f"{host} stopped sending midway through the reply: {exc.message} ({tries}). "
                                     "Check the server (a proxy's timeout, a crash, a full context).")
    if isinstance(exc, openai.APIConnectionError):
        return errors.LLMUnavailable(f"Cannot reach {host} ({exc.__class__.__name__}, {tries}). Is the server running?")
    if not isinstance(exc, openai.APIStatusError):  # any other failure of the SDK: say what it was
        return errors.LLMUnavailable(f"The request to {host} failed ({exc.__class__.__name__}: {shown(str(exc), secret, 200)}).")
    detail = shown(error_detail(exc), secret)
    if quota_exhausted(exc):
        return errors.LLMRejected(
            f"{host} says the account has no quota left (insufficient_quota): {detail}. Add credit or raise the "
            "limit in the provider's billing settings, use another key, or grade offline with --grader offline.")
    if is_transient(exc):
        after = retry_after_seconds(exc)
        if after is not None and after > seconds_left:
            return errors.LLMUnavailable(
                f"{host} answered HTTP {exc.status_code} and the server asks to wait {after:g} s, more than the "
                f"{max(seconds_left, 0):.0f} s left for this grade ({tries}). Try again later: {detail}")
        return errors.LLMUnavailable(f"{host} answered HTTP {exc.status_code} ({tries}): {detail}")
    if 300 <= exc.status_code < 400:
        location = shown(exc.response.headers.get("location", "an address it does not give"), secret, 200)
        return errors.LLMRejected(f"{host} redirects the request (HTTP {exc.status_code}) to {location}. If that is "
                                  "the endpoint, set OPENAI_BASE_URL to it (redirects are not followed).")
    hint = {401: " Check OPENAI_API_KEY.", 404: f" Check the model name ({model}) and base URL."}
    return errors.LLMRejected(f"{host} rejected the request (HTTP {exc.status_code}): {detail}.{hint.get(exc.status_code, '')}")
