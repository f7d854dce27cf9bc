"""Records from the file-backed recorder and is killed mid-recording: `python killed_recording.py DATA_DIR SECONDS`.
Feeds SECONDS of the fixture in tenths of a second, prints the recording's path, then waits to be killed
(kill -9 by test_voice_recording.py): nothing is closed or flushed on the way out."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from interviewer.voice.recording import FileRecorder, recording_path

FIXTURE = Path(__file__).parent / "data" / "voice" / "dropout.wav"

if __name__ == "__main__":
    recorder = FileRecorder(FIXTURE)
    path = recording_path(Path(sys.argv[1]), datetime.now(UTC))
    recorder.start(path)
    for _ in range(int(float(sys.argv[2]) * 10)):
        recorder.advance(0.1)
    print(path, flush=True)
    time.sleep(600)  # killed long before this ends
