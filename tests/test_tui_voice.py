"""Speaking an answer in the app, with the file-backed recorder and a stand-in transcriber: the take lands in
the editor, the question's clock ran meanwhile, submitting grades it; no voice here is one line, typing works."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from interviewer.testing.clock import FakeClock
from interviewer.tui.screens.feedback import FeedbackScreen
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.tui.widgets.voice_panel import VoicePanel, VoiceParts
from interviewer.voice.recording import FileRecorder
from interviewer.voice.transcript import Transcript, VoiceUnavailable, Word

from test_tui import app_for, type_answer, wait_for_grades

FIXTURE = Path(__file__).parent / "data" / "voice" / "dropout.wav"
SPOKEN = "Dropout randomly zeroes units during training to regularize the network."


class HeardTranscriber:
    """Stands in for a model: returns SPOKEN, timed one word every 0.4 s, for any recording it is given."""

    name = "stand-in"

    def __init__(self) -> None:
        self.heard: list[tuple[Path, float]] = []

    def transcribe(self, audio: Path) -> Transcript:
        import wave

        with wave.open(str(audio), "rb") as take:
            self.heard.append((audio, take.getnframes() / take.getframerate()))
        words = tuple(Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(SPOKEN.split()))
        return Transcript(SPOKEN, words, 4.0, "stand-in")


async def settle(pilot, panel: VoicePanel) -> None:
    for _ in range(100):
        await pilot.pause()
        if not panel.transcribing:
            return
    raise AssertionError("transcription did not finish")


async def test_a_spoken_answer_lands_in_the_editor_and_is_graded(isolated_environment, tmp_path):
    clock = FakeClock()
    recorder, transcriber = FileRecorder(FIXTURE), HeardTranscriber()
    app = app_for(clock=clock, questions=1)
    app.voice = VoiceParts(lambda: recorder, lambda: transcriber, tmp_path, keep_audio=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        await type_answer(pilot, "In short:")
        left_before = app.coach.interview.seconds_left()
        await pilot.press("ctrl+r")
        panel = screen.query_one(VoicePanel)
        recorder.advance(4.0)
        clock.advance(4.0)  # the question's clock runs while the candidate speaks
        panel.show_level()
        assert "● Recording 4 s" in str(panel.render()) and "▮" in str(panel.render())
        await pilot.press("ctrl+r")
        await settle(pilot, panel)
        assert screen.query_one("#answer", TextArea).text == f"In short: {SPOKEN}"
        assert "Heard 10 words" in str(panel.render()) and "words/min" in str(panel.render())
        assert app.coach.interview.seconds_left() == left_before - 4.0
        [(audio, seconds)] = transcriber.heard
        assert seconds == 4.0 and not audio.exists()  # keep_audio is off: only the transcript stays
        await pilot.press("ctrl+s")
        await wait_for_grades(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        assert app.coach.interview.record.records[0].answer == f"In short: {SPOKEN}"


async def test_keep_audio_keeps_the_recording(isolated_environment, tmp_path):
    recorder = FileRecorder(FIXTURE)
    app = app_for(questions=1)
    app.voice = VoiceParts(lambda: recorder, HeardTranscriber, tmp_path, keep_audio=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+r")
        recorder.advance(1.0)
        await pilot.press("ctrl+r")
        await settle(pilot, app.screen.query_one(VoicePanel))
        assert len(list((tmp_path / "recordings").glob("*.wav"))) == 1


async def test_no_voice_is_one_line_and_typing_still_works(isolated_environment, tmp_path):
    def missing():
        raise VoiceUnavailable("Voice input needs the voice extra, which is not installed.")

    app = app_for(questions=1)
    app.voice = VoiceParts(missing, HeardTranscriber, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        [toast] = list(app._notifications)
        assert "voice extra" in toast.message and "\n" not in toast.message
        assert not app.screen.query_one(VoicePanel).display
        await type_answer(pilot, "Typed instead.")
        assert app.screen.query_one("#answer", TextArea).text == "Typed instead."


async def test_the_palette_starts_and_stops_speaking_on_the_interview_screen(isolated_environment, tmp_path):
    from test_tui_palette import palette_commands, run_from_palette

    recorder = FileRecorder(FIXTURE)
    app = app_for(questions=1)
    app.voice = VoiceParts(lambda: recorder, HeardTranscriber, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "(ctrl+r)" in palette_commands(app)["Speak the answer"]
        await run_from_palette(pilot, "speak")
        panel = app.screen.query_one(VoicePanel)
        assert panel.recorder is recorder
        recorder.advance(1.0)
        await run_from_palette(pilot, "speak")
        await settle(pilot, panel)
        assert app.screen.query_one("#answer", TextArea).text == SPOKEN
