"""The structured-LLM port's config: built from the settings with one time policy, the key never shown."""

from __future__ import annotations

from interviewer.llm.config import LLMConfig, TimePolicy
from interviewer.settings import load_settings


def test_the_llm_config_carries_the_model_and_one_time_policy_from_the_settings(monkeypatch):
    key = "-".join(["sk", "port", "9d2c"])  # assembled here: no key-shaped string in a tracked file
    monkeypatch.setenv("OPENAI_API_KEY", key)
    settings = load_settings(model="m", temperature=0.3, max_tokens=300, request_timeout=5, max_attempts=2,
                             max_retry_seconds=7, grade_timeout=40)
    config = settings.llm
    assert config == LLMConfig(model="m", base_url=None, api_key=settings.api_key, temperature=0.3, max_tokens=300,
                               time=TimePolicy(request_timeout=5, max_attempts=2, max_retry_seconds=7, call_timeout=40))
    assert key not in repr(config) and key not in str(config)
