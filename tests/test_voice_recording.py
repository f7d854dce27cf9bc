"""Recording: written as it is recorded (a kill -9 loses at most the last second), kept only with keep_audio,
and a machine with no microphone or no PortAudio says so in one line."""

from __future__ import annotations

import signal
import subprocess
import sys
import wave
from datetime import UTC, datetime
from pathlib import Path

import pytest

from interviewer.voice.recording import (
    RATE, FileRecorder, SoundDeviceRecorder, discard_unless_kept, left_over_recordings, recording_path,
)
from interviewer.voice.transcript import VoiceUnavailable

FIXTURE = Path(__file__).parent / "data" / "voice" / "dropout.wav"


def seconds_in(path: Path) -> float:
    with wave.open(str(path), "rb") as audio:
        assert (audio.getframerate(), audio.getnchannels()) == (RATE, 1)
        return audio.getnframes() / RATE


def test_file_recorder_records_what_was_fed_with_level_and_seconds(tmp_path):
    half_loud = b"\0\0" * (RATE // 2) + (16384).to_bytes(2, "little", signed=True) * (RATE * 3 // 2)
    recorder = FileRecorder(_wav(tmp_path / "spoken.wav", RATE, half_loud))
    recorder.start(tmp_path / "answer.wav")
    recorder.advance(0.5)
    assert recorder.seconds == 0.5 and recorder.level == 0.0  # the silent half second
    recorder.advance(1.0)
    assert recorder.seconds == 1.5 and recorder.level == 0.5
    recorder.advance(5)  # past the end of the source: it stops there
    path = recorder.stop()
    assert path == tmp_path / "answer.wav" and seconds_in(path) == 2.0
    assert not list(tmp_path.glob("*.part"))
    with wave.open(str(path), "rb") as audio:
        assert audio.readframes(RATE * 2) == half_loud  # the samples, unchanged


@pytest.mark.slow
def test_kill_9_during_recording_loses_at_most_the_last_second(tmp_path):
    script = Path(__file__).parent / "killed_recording.py"
    child = subprocess.Popen([sys.executable, str(script), str(tmp_path), "3.5"], stdout=subprocess.PIPE, text=True)
    try:
        printed = child.stdout.readline().strip()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert printed.endswith(".wav") and not Path(printed).exists()  # it was still recording
    [recovered] = left_over_recordings(tmp_path)
    assert str(recovered) == printed and 2.5 <= seconds_in(recovered) <= 3.5
    assert left_over_recordings(tmp_path) == []  # recovered once


def test_audio_is_kept_only_with_keep_audio(tmp_path):
    folder_path = recording_path(tmp_path, datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert folder_path.parent == tmp_path / "recordings" and folder_path.parent.stat().st_mode & 0o077 == 0
    for keep in (True, False):
        recorder = FileRecorder(FIXTURE)
        recorder.start(folder_path)
        recorder.advance(1)
        discard_unless_kept(recorder.stop(), keep)
        assert folder_path.exists() is keep


def test_file_recorder_refuses_other_formats(tmp_path):
    with pytest.raises(VoiceUnavailable, match="16 kHz mono"):
        FileRecorder(_wav(tmp_path / "cd.wav", rate=44100))


def _wav(path: Path, rate: int, frames: bytes = b"\0\0" * 100) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


def test_no_portaudio_or_no_device_is_one_line(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def no_portaudio(name, *args, **kwargs):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_portaudio)
    with pytest.raises(VoiceUnavailable, match="libportaudio2"):
        SoundDeviceRecorder()
