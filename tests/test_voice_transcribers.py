"""Transcribers: the registry, the audio-file check, the OpenAI-compatible endpoint (respx) and, when the voice
extra is installed, faster-whisper on the committed spoken fixtures."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from interviewer.llm.config import TimePolicy
from interviewer.llm.errors import LLMRejected, LLMUnavailable
from interviewer.voice.audio import check_audio_file
from interviewer.voice.config import TranscriberConfig
from interviewer.voice.remote import OpenAITranscriber
from interviewer.voice.transcribers import make_transcriber
from interviewer.voice.transcript import BadAudio, VoiceUnavailable

from conftest import FAKE_KEY

FIXTURES = Path(__file__).parent / "data" / "voice"
has_voice_extra = importlib.util.find_spec("faster_whisper") is not None
needs_voice_extra = pytest.mark.skipif(not has_voice_extra, reason="the voice extra (faster-whisper) is not installed")

VERBOSE = {"text": "Dropout zeroes units.", "duration": 2.0, "language": "english",
           "words": [{"word": "Dropout", "start": 0.0, "end": 0.5}, {"word": "zeroes", "start": 0.6, "end": 1.0},
                     {"word": "units.", "start": 1.1, "end": 1.5}, {"word": "bad", "start": "x", "end": 2}]}


def remote(**time) -> OpenAITranscriber:
    config = TranscriberConfig(kind="openai", api_key=SecretStr(FAKE_KEY), time=TimePolicy(**time))
    return OpenAITranscriber(config, sleep=lambda _: None)


def test_off_and_unknown_transcribers_say_so_in_one_line():
    with pytest.raises(VoiceUnavailable, match="Voice input is off"):
        make_transcriber(TranscriberConfig(kind="off"))
    assert make_transcriber(TranscriberConfig(kind="openai")).name == "openai"


@pytest.mark.parametrize("content, problem", [
    (b"", "is empty"), (b"just some text, not audio", "no known audio header"),
])
def test_bad_audio_files_are_one_line(tmp_path, content, problem):
    path = tmp_path / "answer.wav"
    path.write_bytes(content)
    with pytest.raises(BadAudio, match=problem):
        check_audio_file(path)
    with pytest.raises(BadAudio, match="no such audio file"):
        check_audio_file(tmp_path / "missing.wav")


def test_fixtures_are_recognised_by_their_headers(tmp_path):
    for name, kind in [("dropout.wav", "wav"), ("fillers_pause.ogg", "ogg"), ("dropout.mp3", "mp3"),
                       ("dropout.m4a", "m4a")]:
        renamed = tmp_path / f"answer-{kind}.audio"  # the header decides, not the name
        renamed.write_bytes((FIXTURES / name).read_bytes())
        assert check_audio_file(renamed) == kind


def test_endpoint_transcript_with_word_timestamps(openai_mock):
    route = openai_mock.post("/audio/transcriptions").mock(return_value=httpx.Response(200, json=VERBOSE))
    transcript = remote().transcribe(FIXTURES / "dropout.wav")
    assert transcript.text == "Dropout zeroes units." and transcript.audio_seconds == 2.0
    assert [(w.text, w.start, w.end) for w in transcript.words] == [
        ("Dropout", 0.0, 0.5), ("zeroes", 0.6, 1.0), ("units.", 1.1, 1.5)]  # the malformed word is dropped
    body = route.calls.last.request.content
    assert b"verbose_json" in body and b"timestamp_granularities" in body and b"RIFF" in body


def test_endpoint_faults_are_retried_then_reported_without_the_key(openai_mock):
    route = openai_mock.post("/audio/transcriptions").mock(side_effect=[
        httpx.Response(503, json={"error": {"message": "busy"}}), httpx.Response(200, json=VERBOSE)])
    assert remote().transcribe(FIXTURES / "dropout.wav").words and route.call_count == 2
    openai_mock.post("/audio/transcriptions").mock(return_value=httpx.Response(
        401, json={"error": {"message": f"Incorrect API key provided: {FAKE_KEY}"}}))
    with pytest.raises(LLMRejected) as caught:
        remote().transcribe(FIXTURES / "dropout.wav")
    assert FAKE_KEY[:8] not in caught.value.message and "HTTP 401" in caught.value.message
    assert caught.value.title == "Transcription failed"


def test_endpoint_that_stays_down_is_unavailable_after_the_attempts(openai_mock):
    route = openai_mock.post("/audio/transcriptions").mock(return_value=httpx.Response(500, text="oops"))
    with pytest.raises(LLMUnavailable, match="HTTP 500"):
        remote(max_attempts=2).transcribe(FIXTURES / "dropout.wav")
    assert route.call_count == 2


def test_missing_extra_is_one_clear_line(monkeypatch):
    import builtins

    from interviewer.voice.local import LocalWhisper

    real_import = builtins.__import__

    def no_faster_whisper(name, *args, **kwargs):
        if name == "faster_whisper":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_faster_whisper)
    with pytest.raises(VoiceUnavailable, match=r"pip install 'interviewer\[voice\]'"):
        LocalWhisper().transcribe(FIXTURES / "dropout.wav")


@needs_voice_extra
def test_local_model_transcribes_the_fixtures_with_timestamps():
    from interviewer.voice.local import LocalWhisper

    whisper = LocalWhisper()
    dropout = whisper.transcribe(FIXTURES / "dropout.wav")
    assert "overfitting" in dropout.text.lower() and len(dropout.words) >= 10
    assert all(a.start <= a.end <= b.start + 0.01 for a, b in zip(dropout.words, dropout.words[1:]))
    paused = whisper.transcribe(FIXTURES / "fillers_pause.ogg")
    gaps = [b.start - a.end for a, b in zip(paused.words, paused.words[1:])]
    assert max(gaps) > 2.5  # the 3.2 s of silence in the fixture
    assert "normalization" in paused.text.lower()


@needs_voice_extra
def test_local_model_says_what_is_wrong_with_undecodable_audio(tmp_path):
    from interviewer.voice.local import LocalWhisper

    broken = tmp_path / "cut.ogg"
    broken.write_bytes((FIXTURES / "fillers_pause.ogg").read_bytes()[:200])  # a header and nothing else
    try:
        transcript = LocalWhisper().transcribe(broken)
    except BadAudio as exc:
        assert "cannot decode the audio" in exc.message
    else:
        assert transcript.words == ()  # a decoder may read a cut file as silence: then nothing is invented


def test_endpoint_text_is_shown_literally_and_never_carries_the_key(openai_mock):
    hostile = {"text": f"Dropout \x1b[2J\x1b]0;owned\x07zeroes {FAKE_KEY} units.",
               "words": [{"word": "\x1b[31mDropout", "start": 0.0, "end": 0.5}]}
    openai_mock.post("/audio/transcriptions").mock(return_value=httpx.Response(200, json=hostile))
    transcript = remote().transcribe(FIXTURES / "dropout.wav")
    assert transcript.text == "Dropout zeroes [redacted] units." and transcript.words[0].text == "Dropout"
