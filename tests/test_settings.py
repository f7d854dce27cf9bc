"""Settings precedence and the API key's handling."""

from __future__ import annotations

import pytest

from interviewer.errors import ConfigError
from interviewer.settings import load_settings
from conftest import FAKE_KEY


def test_openai_env_vars_configure_the_llm(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    settings = load_settings()
    assert settings.api_key.get_secret_value() == FAKE_KEY
    assert settings.base_url == "http://127.0.0.1:9/v1"
    assert settings.resolved_grader == "openai"
    assert FAKE_KEY not in repr(settings) and FAKE_KEY not in str(settings.model_dump())


def test_no_key_and_no_base_url_means_offline(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    assert load_settings().resolved_grader == "offline"


def test_precedence_cli_over_env_over_config(monkeypatch, isolated_environment):
    (isolated_environment / "config.toml").write_text('model = "from-config"\ntemperature = 0.5\n')
    assert load_settings().model == "from-config"
    monkeypatch.setenv("INTERVIEWER_MODEL", "from-env")
    settings = load_settings()
    assert settings.model == "from-env" and settings.temperature == 0.5
    assert load_settings(model="from-cli").model == "from-cli"


def test_bad_config_value_is_a_clear_error(isolated_environment):
    (isolated_environment / "config.toml").write_text('grader = "psychic"\n')
    with pytest.raises(ConfigError, match="grader") as caught:
        load_settings()
    assert "config.toml" in caught.value.message


def test_malformed_config_file_is_a_clear_error(isolated_environment):
    (isolated_environment / "config.toml").write_text("model = \n")
    with pytest.raises(ConfigError, match="Cannot read the config file"):
        load_settings()
