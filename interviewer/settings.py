"""Settings: command-line overrides > environment > config file > defaults.

Environment: `INTERVIEWER_<FIELD>` for every field (e.g. `INTERVIEWER_MODEL`), plus the OpenAI SDK's
own `OPENAI_API_KEY` and `OPENAI_BASE_URL`. Config file: TOML at `interviewer.locations.config_file()`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
    TomlConfigSettingsSource,
)

from interviewer import graders
from interviewer.errors import ConfigError
from interviewer.llm.config import LLMConfig, TimePolicy
from interviewer.locations import config_file
from interviewer.voice.config import TRANSCRIBERS, TranscriberConfig



class ModelPrice(BaseModel):
    """One model's prices in USD per million tokens."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prompt: float = Field(ge=0)
    completion: float = Field(ge=0)
    cached: float | None = Field(default=None, ge=0)
    """Prompt tokens served from the endpoint's cache; unset means they cost the `prompt` price."""

    @model_validator(mode="before")
    @classmethod
    def _is_a_table(cls, value: Any) -> Any:
        if not isinstance(value, (dict, ModelPrice)):
            raise ValueError("expected a table like {prompt = 0.15, completion = 0.60} in USD per million tokens")
        return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INTERVIEWER_", extra="forbid")

    grader: str = graders.AUTO
    """Which grader grades answers: one of `graders.CHOICES`. `auto`: the LLM grader when an API key or
    base URL is configured, otherwise the offline grader."""

    model: str = "gpt-4o-mini"
    """Model name sent to the OpenAI-compatible endpoint (env `INTERVIEWER_MODEL`)."""

    base_url: str | None = None
    """OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 for Ollama (env `OPENAI_BASE_URL`)."""

    api_key: SecretStr | None = None
    """API key (env `OPENAI_API_KEY`). Never written to transcripts, logs or error messages."""

    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    """Sampling temperature for grading; 0 keeps grades stable."""

    max_tokens: int = Field(default=2500, ge=256, le=1_000_000)
    """Upper bound on the grader's reply, so a looping model is cut off."""

    request_timeout: float = Field(default=60.0, gt=0)
    """Seconds with no data from the server before a request is given up (an idle timeout: replies
    stream, so a slow model that is still writing is not cut off)."""

    max_attempts: int = Field(default=4, ge=1, le=10)
    """Attempts per grading call for transient faults (429, 5xx, timeouts, connection errors)."""

    max_retry_seconds: float = Field(default=90.0, gt=0)
    """No retry of a grading call starts (or waits) past this many seconds from its start."""

    grade_timeout: float = Field(default=300.0, gt=0)
    """Seconds one grading call may take in all, every request, retry and wait included: nothing runs past it."""

    banks: list[Path] = Field(default_factory=list)
    """Extra question-bank files or folders loaded after the built-in bank (also `--bank`)."""

    prices: dict[str, ModelPrice] = Field(default_factory=dict)
    """Model name -> {prompt, completion, cached} in USD per million tokens, to show what grading cost.
    Empty by default: there is no built-in price list, because providers change their prices."""

    transcriber: str = "local"
    """Who turns a spoken answer into text: `local` (faster-whisper on this machine, the `voice` extra),
    `openai` (an OpenAI-compatible /v1/audio/transcriptions endpoint, with OPENAI_API_KEY) or `off`."""

    transcriber_model: str = "whisper-1"
    """Model name sent to the transcription endpoint (transcriber = openai)."""

    transcriber_base_url: str | None = None
    """The transcription endpoint (transcriber = openai), e.g. http://localhost:8000/v1; unset: OpenAI's.
    Separate from base_url, since a grading server (e.g. Ollama) often does not transcribe."""

    keep_audio: bool = False
    """Keep the recording of a spoken answer in the data folder; by default only its transcript is kept."""

    @field_validator("transcriber")
    @classmethod
    def _known_transcriber(cls, value: str) -> str:
        if value not in TRANSCRIBERS:
            raise ValueError(f"{value!r} is not a transcriber; choose one of {', '.join(TRANSCRIBERS)}")
        return value

    @field_validator("grader")
    @classmethod
    def _known_grader(cls, value: str) -> str:
        return graders.known(value, graders.CHOICES)

    @field_validator("base_url", "transcriber_base_url")
    @classmethod
    def _base_url_is_a_url(cls, value: str | None) -> str | None:
        if value is not None:
            parsed = urlparse(value)
            if parsed.scheme not in ("http", "https") or not parsed.hostname:
                raise ValueError(f"{value!r} is not a valid URL; give the endpoint's full address, "
                                 "e.g. http://localhost:11434/v1 or https://api.openai.com/v1")
            try:
                parsed.port  # noqa: B018 - raises on a port out of range
            except ValueError:
                raise ValueError(f"{value!r} has a port out of range; a port is a number from 1 to 65535") from None
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            _OpenAIEnvSource(settings_cls),
            TomlConfigSettingsSource(settings_cls, toml_file=config_file()),
        )

    @property
    def llm(self) -> LLMConfig:
        """What the LLM layer needs of these settings, and no more."""
        return LLMConfig(model=self.model, base_url=self.base_url, api_key=self.api_key, temperature=self.temperature,
                         max_tokens=self.max_tokens, time=TimePolicy(
                             request_timeout=self.request_timeout, max_attempts=self.max_attempts,
                             max_retry_seconds=self.max_retry_seconds, call_timeout=self.grade_timeout))

    @property
    def transcription(self) -> TranscriberConfig:
        """What the transcribers need of these settings: grading's key and time policy, their own endpoint."""
        return TranscriberConfig(kind=self.transcriber, model=self.transcriber_model,
                                 base_url=self.transcriber_base_url, api_key=self.api_key, time=self.llm.time)

    @property
    def llm_configured(self) -> bool:
        return self.api_key is not None or self.base_url is not None

    @property
    def resolved_grader(self) -> str:
        """The backend that grades: `auto` resolved by whether an LLM is configured."""
        if self.grader == graders.AUTO:
            return graders.AUTO_LLM if self.llm_configured else graders.OFFLINE
        return self.grader


def llm_grader_problem(settings: Settings) -> str | None:
    """Why the grader these settings choose cannot grade as asked, or None when it can."""
    backend = graders.BACKENDS.get(settings.grader)
    if backend and backend.needs_llm and not settings.llm_configured:
        return (f"The LLM grader needs an API key or an endpoint, and neither is set. Set OPENAI_API_KEY "
                f"(or OPENAI_BASE_URL for a local server such as Ollama) in the environment, or api_key / "
                f"base_url in {config_file()}; or choose auto or offline.")
    return None


class _OpenAIEnvSource(PydanticBaseSettingsSource):
    """The OpenAI SDK's own variables, so an existing OpenAI/Ollama setup just works."""

    VARS = {"api_key": "OPENAI_API_KEY", "base_url": "OPENAI_BASE_URL"}

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return os.environ.get(self.VARS.get(field_name, "")), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {name: os.environ[var] for name, var in self.VARS.items() if os.environ.get(var)}


def load_settings(**overrides: Any) -> Settings:
    """Settings with CLI overrides (None values ignored); config problems become a clear error naming
    where the bad value came from (the environment variable, or the config file)."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(_describe(e) for e in exc.errors(include_url=False))
        raise ConfigError(f"Invalid settings: {problems}.") from None
    except SettingsError as exc:  # pydantic-settings could not parse an environment value (e.g. not JSON)
        field = re.search(r'field "(\w+)"', str(exc))
        name = field.group(1) if field else ""
        where = _source_of(name) if name else "an environment variable"
        raise ConfigError(f"{where} is not valid JSON ({exc.__cause__ or exc}). A list is written as JSON, "
                          """e.g. INTERVIEWER_BANKS='["~/my-bank.yaml"]'.""") from None
    except (OSError, ValueError, RecursionError) as exc:  # unreadable or malformed TOML, or nested too deep
        raise ConfigError(f"Cannot read the config file {config_file()}: {exc}") from None


def _describe(error: Any) -> str:
    """E.g. "`prices` in ~/.config/interviewer/config.toml: gpt-4o-mini.completion: Field required"."""
    name = str(error["loc"][0]) if error["loc"] else ""
    entry = ".".join(map(str, error["loc"][1:]))
    message = error["msg"].removeprefix("Value error, ")
    return f"{_source_of(name)}: {entry + ': ' if entry else ''}{message}" if name else message


def _source_of(field: str) -> str:
    """Which of the places a setting can come from holds this field's value (after command-line options)."""
    for var in (_OpenAIEnvSource.VARS.get(field), f"INTERVIEWER_{field.upper()}"):
        if var and os.environ.get(var):
            return var
    return f"`{field}` in {config_file()}"
