"""Build the async OpenAI client from the LLM config. The SDK's own retries are off: one policy, ours."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlparse

from interviewer.llm.config import LLMConfig

if TYPE_CHECKING:
    from openai import AsyncOpenAI

# Local servers (Ollama, llama.cpp, vLLM) ignore the key, but the SDK insists on one.
PLACEHOLDER_KEY = "not-needed"


def make_client(config: LLMConfig) -> AsyncOpenAI:
    from openai import AsyncOpenAI, DefaultAsyncHttpx2Client

    key = config.api_key.get_secret_value() if config.api_key else PLACEHOLDER_KEY
    # Redirects are not followed: a 301/302 would turn the POST into a GET (a misleading 404), and a 307/308
    # would send the answer to a host that provenance does not name. The error says where it points.
    http_client = DefaultAsyncHttpx2Client(follow_redirects=False, timeout=config.time.request_timeout)
    return AsyncOpenAI(api_key=key, base_url=config.base_url, max_retries=0, timeout=config.time.request_timeout,
                       http_client=http_client)


class Endpoint(Protocol):
    """Anything that names an endpoint: the LLM config, or the settings it is built from."""

    @property
    def base_url(self) -> str | None: ...


def endpoint_host(endpoint: Endpoint) -> str:
    """For provenance and messages: the host only, never a path, query or credentials."""
    if not endpoint.base_url:
        return "api.openai.com"
    parsed = urlparse(endpoint.base_url)
    return parsed.hostname + (f":{parsed.port}" if parsed.port else "") if parsed.hostname else "unknown"
