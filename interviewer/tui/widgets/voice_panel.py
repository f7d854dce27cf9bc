"""Speaking an answer on the interview screen: the key starts and stops the recorder; while it records this
line shows the seconds and a level meter; on stop the recording is transcribed in a thread and the transcript
goes into the editor, where it can be corrected before submitting. The question's clock is the coach's and
keeps running all along. The delivery figures of the take are shown on this line.

Which recorder and transcriber (`VoiceParts`) is the app's choice: sounddevice and the configured
transcriber, or a file-backed recorder and a stand-in transcriber in tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.widgets import Static, TextArea

from interviewer.errors import InterviewerError
from interviewer.voice.delivery import delivery_figures
from interviewer.voice.recording import Recorder, discard_unless_kept, left_over_recordings, recording_path
from interviewer.voice.transcript import Transcriber, Transcript

METER_CELLS = 10


@dataclass
class VoiceParts:
    recorder: Callable[[], Recorder]
    transcriber: Callable[[], Transcriber]
    data_dir: Path
    keep_audio: bool = False


def voice_parts(settings) -> VoiceParts:
    from interviewer.locations import user_data_dir
    from interviewer.voice.recording import SoundDeviceRecorder
    from interviewer.voice.transcribers import make_transcriber

    return VoiceParts(SoundDeviceRecorder, lambda: make_transcriber(settings.transcription), user_data_dir(),
                      settings.keep_audio)


def meter(level: float) -> str:
    lit = min(METER_CELLS, round(level * METER_CELLS))
    return "▮" * lit + "▯" * (METER_CELLS - lit)


class VoicePanel(Static):
    """Idle: empty. Recording: "● 12 s ▮▮▮▯▯". Transcribing: a note. Done: the take's delivery figures."""

    def __init__(self, parts: VoiceParts, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.parts = parts
        self.recorder: Recorder | None = None
        self.transcribing = False
        self._transcriber: Transcriber | None = None
        self._recovered = False
        self.display = False  # takes no line until voice is used: the screen looks as it did without it

    def say(self, text: str | Text) -> None:
        self.display = True
        self.update(text)

    def toggle(self, clock_now: Callable[[], object]) -> None:
        if self.transcribing:
            self.app.notify("Still transcribing the last take.")
        elif self.recorder is None:
            self.start(clock_now())
        else:
            self.stop()

    def start(self, now) -> None:
        if not self._recovered:  # a recording a crash cut short is made playable once, and the user told where
            self._recovered = True
            for path in left_over_recordings(self.parts.data_dir):
                self.app.notify(f"A recording cut short by a crash was recovered: {path}", timeout=10)
        try:
            self._transcriber = self._transcriber or self.parts.transcriber()
            recorder = self.parts.recorder()
            recorder.start(recording_path(self.parts.data_dir, now))
        except InterviewerError as exc:  # no extra, no PortAudio, no microphone: say it once; typing still works
            self.app.notify(exc.message, title=exc.title, severity="warning", timeout=10)
            return
        self.recorder = recorder
        self.show_level()

    def show_level(self) -> None:
        if self.recorder is not None:
            self.say(f"● Recording {self.recorder.seconds:.0f} s {meter(self.recorder.level)}  (ctrl+r stops)")

    def stop(self) -> None:
        assert self.recorder is not None and self._transcriber is not None
        audio, self.recorder = self.recorder.stop(), None
        self.transcribing = True
        self.say("Transcribing…")
        transcriber = self._transcriber
        self.run_worker(lambda: self._transcribe(transcriber, audio), thread=True, group="voice", exit_on_error=False)

    def _transcribe(self, transcriber: Transcriber, audio: Path) -> None:
        try:
            transcript = transcriber.transcribe(audio)
        except InterviewerError as exc:
            self.app.call_from_thread(self._failed, exc)
        else:
            self.app.call_from_thread(self._heard, transcript)
        finally:
            discard_unless_kept(audio, self.parts.keep_audio)

    def _failed(self, exc: InterviewerError) -> None:
        self.transcribing = False
        self.say(Text(f"Not transcribed: {exc.message}"))

    def _heard(self, transcript: Transcript) -> None:
        self.transcribing = False
        editor = self.screen.query_one("#answer", TextArea)
        if transcript.text:
            editor.move_cursor(editor.document.end)
            editor.insert(("" if not editor.text or editor.text.endswith((" ", "\n")) else " ") + transcript.text)
        figures = delivery_figures(transcript.words)
        pace = f"{figures.words_per_minute:.0f} words/min" if figures.words_per_minute is not None else "pace not timed"
        self.say(Text(f"Heard {figures.words} words in {figures.speaking_seconds:.0f} s: {pace} (band 130-160), "
                         f"{figures.filler_count} fillers (a floor), {len(figures.long_pauses)} pauses over 2.5 s."
                         if transcript.text else "No speech heard in that take."))
