"""Transcription by any OpenAI-compatible `/v1/audio/transcriptions` endpoint (OpenAI, speaches, whisper.cpp's
server, vLLM) through the openai SDK, with word timestamps. Faults are handled as grading handles them: the
same transient-fault test and retries, the same user-facing messages (`llm.faults.translate`), and every
message redacted of the key (`llm.errors.redact`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from interviewer.llm import errors
from interviewer.llm.client import PLACEHOLDER_KEY, endpoint_host
from interviewer.llm.deadline import Deadline
from interviewer.llm.faults import is_transient, retry_after_seconds, translate
from interviewer.terminal import printable
from interviewer.voice.audio import check_audio_file
from interviewer.voice.config import TranscriberConfig
from interviewer.voice.transcript import Transcript, Word

Sleep = Callable[[float], None]


class OpenAITranscriber:
    name = "openai"

    def __init__(self, config: TranscriberConfig, *, sleep: Sleep = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self.sleep, self.clock = sleep, clock
        self._key = config.api_key.get_secret_value() if config.api_key else None

    def transcribe(self, audio: Path) -> Transcript:
        check_audio_file(audio)
        content = audio.read_bytes()
        try:
            reply = self._send(audio.name, content)
        except errors.LLMError as exc:  # the one place errors leave: no key, no terminal escapes
            raise type(exc)(printable(errors.redact(exc.message, self._key)), title="Transcription failed") from None
        return self._read(reply)

    def _send(self, filename: str, content: bytes) -> Any:
        import openai
        from tenacity import Retrying, retry_if_exception
        from tenacity.wait import wait_exponential_jitter

        time_policy = self.config.time
        client = openai.OpenAI(api_key=self._key or PLACEHOLDER_KEY, base_url=self.config.base_url, max_retries=0,
                               timeout=time_policy.request_timeout)
        deadline = Deadline(time_policy.call_timeout, self.clock)
        backoff = wait_exponential_jitter(initial=1, max=20, jitter=1)

        def wait(state: Any) -> float:
            after = retry_after_seconds(state.outcome.exception() if state.outcome else None)
            return after if after is not None else backoff(state)

        def stop(state: Any) -> bool:  # as grading stops: out of attempts, or the next wait ends past the window
            return (state.attempt_number >= time_policy.max_attempts or state.upcoming_sleep
                    >= min(deadline.remaining(), time_policy.max_retry_seconds - deadline.elapsed()))

        sent = 0
        try:
            for attempt in Retrying(retry=retry_if_exception(is_transient), wait=wait, sleep=self.sleep, reraise=True,
                                    stop=stop):
                with attempt:
                    sent += 1
                    return client.audio.transcriptions.create(
                        model=self.config.model, file=(filename, content), response_format="verbose_json",
                        timestamp_granularities=["word"])
        except openai.OpenAIError as exc:
            raise translate(exc, host=endpoint_host(self.config), model=self.config.model, attempts=sent,
                            request_timeout=time_policy.request_timeout, seconds_left=deadline.remaining(),
                            secret=self._key) from None
        raise AssertionError("unreachable: tenacity either returns or re-raises")

    def _read(self, reply: Any) -> Transcript:
        """The server's reply as a Transcript: text and words redacted and made printable; malformed words
        (no number for a time, a time running backwards) are dropped rather than trusted."""
        def clean(text: Any) -> str:
            return printable(errors.redact(str(text), self._key)).strip()

        words = []
        for item in getattr(reply, "words", None) or ():
            start, end, text = getattr(item, "start", None), getattr(item, "end", None), getattr(item, "word", "")
            if isinstance(start, (int, float)) and isinstance(end, (int, float)) and 0 <= start <= end and clean(text):
                words.append(Word(clean(text), float(start), float(end)))
        duration = getattr(reply, "duration", None)
        text = getattr(reply, "text", reply if isinstance(reply, str) else "")
        return Transcript(text=clean(text), words=tuple(words),
                          audio_seconds=float(duration) if isinstance(duration, (int, float)) else None,
                          transcriber=f"openai ({self.config.model} at {endpoint_host(self.config)})")
