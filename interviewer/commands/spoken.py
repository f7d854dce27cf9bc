"""`interviewer grade --audio FILE`: a spoken answer transcribed, its delivery figures printed, then graded."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from interviewer.voice.delivery import delivery_figures, delivery_lines
from interviewer.voice.transcript import BadAudio, Transcript


def add_audio_option(source: Any) -> None:
    from interviewer.commands.common import path_argument

    source.add_argument("--audio", type=path_argument, metavar="FILE",
                        help="a spoken answer (wav, mp3, m4a, ogg), transcribed by the configured transcriber")


def transcribe_answer(args: argparse.Namespace, settings: Any) -> Transcript:
    """The spoken answer's transcript; prints it and the delivery figures unless --json (then see `as_json`)."""
    from interviewer.terminal import printable
    from interviewer.voice.transcribers import make_transcriber

    transcript = make_transcriber(settings.transcription).transcribe(args.audio)
    if not transcript.text.strip():
        raise BadAudio(f"{args.audio}: no speech was heard in it, so there is no answer to grade")
    if not args.json:
        print(f"Transcript ({printable(transcript.transcriber)}):\n  {printable(transcript.text)}\n")
        for line in delivery_lines(delivery_figures(transcript.words, args.time_limit)):
            print(printable(line))
        print()
        sys.stdout.flush()
    return transcript


def as_json(transcript: Transcript, time_limit: float | None, feedback: dict[str, Any]) -> dict[str, Any]:
    import dataclasses

    figures = delivery_figures(transcript.words, time_limit)
    return {"transcript": transcript.text, "transcriber": transcript.transcriber,
            "delivery": {**dataclasses.asdict(figures), "pace": figures.pace, "over_limit": figures.over_limit},
            "feedback": feedback}
