"""The transcriber the settings name: `local` (on the machine), `openai` (an endpoint) or `off`."""

from __future__ import annotations

from interviewer.voice.config import LOCAL, OFF, OPENAI, TranscriberConfig
from interviewer.voice.transcript import Transcriber, VoiceUnavailable


def make_transcriber(config: TranscriberConfig) -> Transcriber:
    if config.kind == LOCAL:
        from interviewer.voice.local import LocalWhisper

        return LocalWhisper()
    if config.kind == OPENAI:
        from interviewer.voice.remote import OpenAITranscriber

        return OpenAITranscriber(config)
    if config.kind == OFF:
        raise VoiceUnavailable("Voice input is off (transcriber = off in the settings); set transcriber to local "
                               "or openai to answer out loud. Typing the answer works as before.")
    raise VoiceUnavailable(f"Unknown transcriber {config.kind!r}: choose local, openai or off.")
