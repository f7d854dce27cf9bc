"""Recording a spoken answer: 16 kHz mono, 16-bit samples written to the data folder as they arrive.

While recording, samples go to `NAME.wav.part` (raw PCM) and are flushed to disk at least once a second, so a
crash or a kill -9 loses at most the last second; `recover()` turns a left-over .part file into a WAV. On
stop the .part file becomes NAME.wav. The recording is deleted after transcription unless keep_audio is set
(`discard_unless_kept`); the transcript is always kept.

Two recorders share the `Recorder` interface: `SoundDeviceRecorder` (PortAudio through sounddevice, the
voice extra) and `FileRecorder`, which plays a WAV file in as if spoken, stepped by the caller, for tests
and machines without a microphone."""

from __future__ import annotations

import array
import os
import threading
import wave
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from interviewer.voice.transcript import VoiceUnavailable

RATE = 16_000
SAMPLE_BYTES = 2  # 16-bit
FLUSH_SECONDS = 1.0
PART = ".part"


def recording_path(data_dir: Path, now: datetime) -> Path:
    folder = data_dir / "recordings"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder / f"{now:%Y%m%d-%H%M%S-%f}.wav"


class PcmSpool:
    """Appends samples to PATH.part, flushed and synced every FLUSH_SECONDS of audio; `close()` makes PATH."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.samples = 0
        self.level = 0.0  # peak of the last block, 0..1, for a level meter
        self._unsynced = 0
        self._lock = threading.Lock()
        self._file = open(path.with_name(path.name + PART), "wb")  # noqa: SIM115 - open until close()
        os.chmod(self._file.name, 0o600)

    def write(self, pcm: bytes) -> None:
        block = array.array("h", pcm[: len(pcm) - len(pcm) % SAMPLE_BYTES])
        with self._lock:
            self._file.write(block.tobytes())
            self.samples += len(block)
            self.level = max((abs(s) for s in block), default=0) / 32768
            self._unsynced += len(block)
            if self._unsynced >= RATE * FLUSH_SECONDS:
                self._file.flush()
                os.fsync(self._file.fileno())
                self._unsynced = 0

    @property
    def seconds(self) -> float:
        return self.samples / RATE

    def close(self) -> Path:
        with self._lock:
            self._file.close()
        return recover(Path(self._file.name))


def recover(part: Path) -> Path:
    """The WAV file for a .part file of raw samples (a finished recording, or one a crash left behind)."""
    target = part.with_name(part.name.removesuffix(PART))
    pcm = part.read_bytes()
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(SAMPLE_BYTES)
        out.setframerate(RATE)
        out.writeframes(pcm[: len(pcm) - len(pcm) % SAMPLE_BYTES])
    os.chmod(target, 0o600)
    part.unlink()
    return target


def left_over_recordings(data_dir: Path) -> list[Path]:
    """Recordings a crash interrupted, made into WAV files (the next start calls this)."""
    folder = data_dir / "recordings"
    return [recover(part) for part in sorted(folder.glob(f"*.wav{PART}"))] if folder.is_dir() else []


def discard_unless_kept(recording: Path, keep_audio: bool) -> None:
    if not keep_audio:
        recording.unlink(missing_ok=True)


class Recorder(Protocol):
    def start(self, path: Path) -> None: ...

    @property
    def seconds(self) -> float: ...

    @property
    def level(self) -> float: ...

    def stop(self) -> Path: ...


class _SpoolingRecorder:
    """What both recorders share: the spool of the recording under way, its seconds and level."""

    _spool: PcmSpool | None = None

    @property
    def seconds(self) -> float:
        return self._spool.seconds if self._spool else 0.0

    @property
    def level(self) -> float:
        return self._spool.level if self._spool else 0.0

    def _close_spool(self) -> Path:
        assert self._spool is not None, "start() first"
        spool, self._spool = self._spool, None
        return spool.close()


class FileRecorder(_SpoolingRecorder):
    """Plays a 16 kHz mono 16-bit WAV file in as if it were being spoken: `advance(seconds)` feeds the next
    stretch, so a test decides how much was "said" before stop, or before a crash, with no real timer."""

    def __init__(self, source: Path) -> None:
        with wave.open(str(source), "rb") as audio:
            if (audio.getframerate(), audio.getnchannels(), audio.getsampwidth()) != (RATE, 1, SAMPLE_BYTES):
                raise VoiceUnavailable(f"{source}: the file recorder plays 16 kHz mono 16-bit WAV only")
            self._pcm = audio.readframes(audio.getnframes())
        self._offset = 0

    def start(self, path: Path) -> None:
        self._spool, self._offset = PcmSpool(path), 0

    def advance(self, seconds: float) -> None:
        assert self._spool is not None, "start() first"
        end = min(len(self._pcm), self._offset + int(seconds * RATE) * SAMPLE_BYTES)
        self._spool.write(self._pcm[self._offset:end])
        self._offset = end

    def stop(self) -> Path:
        return self._close_spool()


NO_PORTAUDIO = ("Recording needs PortAudio, which is not installed (on Debian/Ubuntu: apt install libportaudio2; "
                "with the voice extra: pip install 'interviewer[voice]'). Type the answer instead.")


class SoundDeviceRecorder(_SpoolingRecorder):
    """The default input device through PortAudio; sounddevice calls back from its own thread per block."""

    def __init__(self) -> None:
        try:
            import sounddevice
        except (ImportError, OSError):  # OSError: the module is there, the PortAudio library is not
            raise VoiceUnavailable(NO_PORTAUDIO) from None
        self._sd = sounddevice
        self._stream: Any = None

    def start(self, path: Path) -> None:
        spool = PcmSpool(path)
        try:
            self._stream = self._sd.RawInputStream(samplerate=RATE, channels=1, dtype="int16", blocksize=RATE // 10,
                                                   callback=lambda data, *_: spool.write(bytes(data)))
            self._stream.start()
        except Exception as exc:  # noqa: BLE001 - PortAudioError, ValueError (no device): all mean "cannot record"
            spool.close().unlink()
            raise VoiceUnavailable(f"Cannot record: {str(exc)[:160] or exc.__class__.__name__} (no microphone, or "
                                   "it is busy). Type the answer instead.") from None
        self._spool = spool

    def stop(self) -> Path:
        assert self._stream is not None, "start() first"
        self._stream.stop()
        self._stream.close()
        return self._close_spool()
