"""What every transcriber returns, the interface they share, and the ways transcription fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from interviewer.errors import BadInputError, InterviewerError


@dataclass(frozen=True)
class Word:
    """One transcribed word and when it was said, in seconds from the start of the audio."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Transcript:
    text: str
    words: tuple[Word, ...] = ()  # empty when the transcriber gave no word timestamps
    audio_seconds: float | None = None
    transcriber: str = ""  # e.g. "local (faster-whisper tiny.en)", for the record
    notes: tuple[str, ...] = field(default=())


class Transcriber(Protocol):
    name: str

    def transcribe(self, audio: Path) -> Transcript: ...


class VoiceUnavailable(InterviewerError):
    """Voice input cannot work here (the extra is not installed, the transcriber is off, no microphone):
    one line, and typing the answer still works."""

    title = "Voice unavailable"
    exit_code = 1


class BadAudio(BadInputError):
    """The audio file is missing, unreadable, empty or not audio in a supported format."""

    title = "Bad audio"
