"""`interviewer grade --audio FILE`: transcript, delivery figures and grade; bad audio exits 2 in one line."""

from __future__ import annotations

import json

import httpx
import pytest

from test_voice_transcribers import FIXTURES, VERBOSE, needs_voice_extra


@pytest.fixture
def endpoint_transcriber(monkeypatch, openai_mock):
    monkeypatch.setenv("INTERVIEWER_TRANSCRIBER", "openai")
    return openai_mock.post("/audio/transcriptions").mock(return_value=httpx.Response(200, json=VERBOSE))


def test_spoken_answer_is_transcribed_measured_graded_and_saved(run_cli, endpoint_transcriber):
    code, out, err = run_cli("grade", "--question", "dropout", "--audio", str(FIXTURES / "dropout.wav"),
                             "--grader", "offline", "--time-limit", "60")
    assert code == 0, err
    assert "Dropout zeroes units." in out and "Pace: 120 words/min, slow" in out
    assert "Speaking time: 1.5 s of 60 s allowed." in out and "Score:" in out
    from interviewer.storage.store import Store

    assert Store().saved_answers("dropout") == ["Dropout zeroes units."]


def test_json_carries_transcript_delivery_and_feedback(run_cli, endpoint_transcriber):
    code, out, _ = run_cli("grade", "--question", "dropout", "--audio", str(FIXTURES / "dropout.wav"),
                           "--grader", "offline", "--json")
    result = json.loads(out)
    assert code == 0 and result["transcript"] == "Dropout zeroes units."
    assert result["delivery"]["words"] == 3 and result["delivery"]["pace"] == "slow"
    assert 0 <= result["feedback"]["score"] <= 10


@pytest.mark.parametrize("content", [b"", b"not audio at all"])
def test_bad_audio_file_exits_2_in_one_line(run_cli, tmp_path, content):
    bad = tmp_path / "answer.mp3"
    bad.write_bytes(content)
    code, out, err = run_cli("grade", "--question", "dropout", "--audio", str(bad))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "bad audio" in err


def test_silence_is_no_answer(run_cli, openai_mock, monkeypatch):
    monkeypatch.setenv("INTERVIEWER_TRANSCRIBER", "openai")
    openai_mock.post("/audio/transcriptions").mock(return_value=httpx.Response(200, json={"text": "", "words": []}))
    code, _, err = run_cli("grade", "--question", "dropout", "--audio", str(FIXTURES / "dropout.wav"))
    assert code == 2 and "no speech was heard" in err


def test_transcriber_off_is_one_line(run_cli, monkeypatch):
    monkeypatch.setenv("INTERVIEWER_TRANSCRIBER", "off")
    code, _, err = run_cli("grade", "--question", "dropout", "--audio", str(FIXTURES / "dropout.wav"))
    assert code == 1 and "Voice input is off" in err and len(err.strip().splitlines()) == 1


@needs_voice_extra
@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.iterdir()))
def test_each_fixture_through_the_local_model(run_cli, fixture):
    code, out, err = run_cli("grade", "--question", "batch-normalization", "--audio", str(FIXTURES / fixture),
                             "--grader", "offline")
    assert code == 0, err
    assert "Transcript (local (faster-whisper tiny.en)):" in out and "Pace:" in out and "Score:" in out
