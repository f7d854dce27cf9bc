"""What one structured-LLM call needs to know: the endpoint and model, and one time policy. Built from the
application's settings (`Settings.llm`), so the LLM layer never reads the settings themselves."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import SecretStr


@dataclass(frozen=True)
class TimePolicy:
    """How long one call may take and how it retries: every request, retry and wait of a call ends within
    `call_timeout`; a request with no byte from the server for `request_timeout` seconds is given up."""

    request_timeout: float = 60.0  # idle seconds: replies stream, so a slow model still writing goes on
    max_attempts: int = 4  # per call, for transient faults (429, 5xx, timeouts, connection errors)
    max_retry_seconds: float = 90.0  # no retry starts (or waits) past this many seconds from the call's start
    call_timeout: float = 300.0  # the whole call


@dataclass(frozen=True)
class LLMConfig:
    model: str
    base_url: str | None = None  # an OpenAI-compatible endpoint; None: OpenAI's
    api_key: SecretStr | None = None  # never shown: SecretStr prints as stars
    temperature: float = 0.0
    max_tokens: int = 2500
    time: TimePolicy = field(default_factory=TimePolicy)
