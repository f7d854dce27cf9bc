"""What a transcriber needs to know, built from the application's settings (`Settings.transcription`), so
this package never reads the settings themselves."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import SecretStr

from interviewer.llm.config import TimePolicy

LOCAL, OPENAI, OFF = "local", "openai", "off"
TRANSCRIBERS = (LOCAL, OPENAI, OFF)


@dataclass(frozen=True)
class TranscriberConfig:
    kind: str = LOCAL
    model: str = "whisper-1"  # for `openai`: the endpoint's model name
    base_url: str | None = None  # for `openai`: an OpenAI-compatible endpoint; None: OpenAI's
    api_key: SecretStr | None = None
    time: TimePolicy = field(default_factory=TimePolicy)
