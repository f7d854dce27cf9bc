"""How well the local transcriber hears deep-learning answers: `python benchmarks/voice_wer.py [--answers N]`.

Needs the voice extra (`pip install '.[voice]'`) and espeak-ng and sox on the PATH. Takes N bank questions
whose reference answers use technical terms (ReLU, softmax, LSTM, Adam, ...), keeps the first sentences of
each reference (about 35-60 words) as the "typed" answer, and synthesizes it with espeak-ng at two speeds
(140 and 185 words per minute), each clean and with white noise mixed in (about 15 dB SNR), into a temporary
folder that is removed afterwards. For each clip it reports the local model's word error rate, and the offline
grade of the transcript against the grade of the typed text. Also: the real-time factor on the CPU threads
given (transcription seconds / audio seconds) and the first-use load time (import + model load).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TERMS = ("relu", "softmax", "lstm", "adam", "dropout", "batch norm", "gradient", "attention", "embedding",
         "convolution", "transformer", "cross-entropy", "learning rate", "overfitting", "backprop")
SPEEDS = (140, 185)
NOISE_VOLUME = 0.02  # white-noise amplitude mixed under espeak-ng's voice: about 15 dB below the speech


def words(text: str) -> list[str]:
    """Lower-case words for WER: hyphens and slashes split words, other punctuation goes."""
    return re.sub(r"[^\w' ]", " ", text.lower().replace("-", " ").replace("/", " ")).split()


def word_error_rate(reference: str, hypothesis: str) -> tuple[int, int]:
    from rapidfuzz.distance import Levenshtein

    ref = words(reference)
    return Levenshtein.distance(ref, words(hypothesis)), len(ref)


def spoken_text(reference: str, max_words: int = 60) -> str:
    """The reference's first sentences, at least 30 words, at most about max_words."""
    kept: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", reference.strip()):
        if kept and len(" ".join(kept + [sentence]).split()) > max_words:
            break
        kept.append(sentence)
        if len(" ".join(kept).split()) >= 35:
            break
    return " ".join(kept)


def pick_questions(count: int) -> list:
    from interviewer.bank import load_bank

    questions = list(load_bank().questions.values())
    def term_count(q) -> int:
        return sum(term in q.references[0].answer.lower() for term in TERMS)
    chosen = sorted(questions, key=lambda q: (-term_count(q), q.id))[:count]
    return sorted(chosen, key=lambda q: q.id)


def synthesize(text: str, speed: int, noisy: bool, folder: Path, name: str) -> Path:
    raw, clip = folder / f"{name}.raw.wav", folder / f"{name}.wav"
    subprocess.run(["espeak-ng", "-s", str(speed), "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(clip)], check=True)
    if noisy:
        seconds = subprocess.run(["soxi", "-D", str(clip)], check=True, capture_output=True, text=True).stdout.strip()
        noise, mixed = folder / f"{name}.noise.wav", folder / f"{name}.noisy.wav"
        subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(noise), "synth", seconds,
                        "whitenoise", "vol", str(NOISE_VOLUME)], check=True)
        subprocess.run(["sox", "-m", str(clip), str(noise), str(mixed)], check=True)
        mixed.replace(clip)
    return clip


def offline_score(question, answer: str) -> float:
    from interviewer.grading.base import GradeRequest
    from interviewer.grading.offline import OfflineGrader
    from interviewer.rubric.store import rubric_for

    feedback = asyncio.run(OfflineGrader().grade(GradeRequest(question=question, rubric=rubric_for(question),
                                                              answer=answer)))
    return feedback.score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model-dir", type=Path, help="another faster-whisper model folder (default: tiny.en)")
    parser.add_argument("--show", type=int, default=5, help="print this many worst transcripts")
    args = parser.parse_args()

    started = time.perf_counter()
    from interviewer.voice.local import LocalWhisper

    whisper = LocalWhisper(args.model_dir, threads=args.threads)
    whisper.load()
    first_use = time.perf_counter() - started

    rows = []
    with tempfile.TemporaryDirectory(prefix="voice-wer-") as tmp:
        for question in pick_questions(args.answers):
            typed = spoken_text(question.references[0].answer)
            typed_score = offline_score(question, typed)
            for speed in SPEEDS:
                for noisy in (False, True):
                    clip = synthesize(typed, speed, noisy, Path(tmp), f"{question.id}-{speed}-{int(noisy)}")
                    began = time.perf_counter()
                    transcript = whisper.transcribe(clip)
                    spent = time.perf_counter() - began
                    errors, total = word_error_rate(typed, transcript.text)
                    rows.append({"id": question.id, "speed": speed, "noisy": noisy, "errors": errors, "words": total,
                                 "spent": spent, "audio": transcript.audio_seconds or 0.0, "typed_score": typed_score,
                                 "spoken_score": offline_score(question, transcript.text),
                                 "typed": typed, "heard": transcript.text})
            print(f"  {question.id}: done", file=sys.stderr)

    print(f"{len({r['id'] for r in rows})} answers x {len(SPEEDS)} speeds x clean/noisy = {len(rows)} clips, "
          f"{sum(r['audio'] for r in rows) / 60:.1f} min of audio, {sum(r['words'] for r in rows) // len(rows)} words a clip")
    print(f"{'condition':<22}{'WER':>7}{'typed grade':>13}{'spoken grade':>14}{'mean |diff|':>13}{'RTF':>7}")
    conditions = [(f"{s} wpm {'noisy' if n else 'clean'}", [r for r in rows if r["speed"] == s and r["noisy"] == n])
                  for s in SPEEDS for n in (False, True)] + [("all", rows)]
    for label, group in conditions:
        wer = sum(r["errors"] for r in group) / sum(r["words"] for r in group)
        rtf = sum(r["spent"] for r in group) / sum(r["audio"] for r in group)
        print(f"{label:<22}{wer:>7.1%}{statistics.mean(r['typed_score'] for r in group):>13.2f}"
              f"{statistics.mean(r['spoken_score'] for r in group):>14.2f}"
              f"{statistics.mean(abs(r['typed_score'] - r['spoken_score']) for r in group):>13.2f}{rtf:>7.3f}")
    lower = sum(r["spoken_score"] < r["typed_score"] for r in rows)
    print(f"Spoken grade below typed on {lower}/{len(rows)} clips; above on "
          f"{sum(r['spoken_score'] > r['typed_score'] for r in rows)}.")
    print(f"First use (import faster-whisper + load {args.model_dir or 'tiny.en'}, {args.threads} threads): {first_use:.2f} s "
          f"(model load alone {whisper.load_seconds:.2f} s).")
    for row in sorted(rows, key=lambda r: -r["errors"] / r["words"])[:args.show]:
        print(f"\n{row['id']} {row['speed']} wpm {'noisy' if row['noisy'] else 'clean'}: WER "
              f"{row['errors'] / row['words']:.0%}\n  typed: {row['typed']}\n  heard: {row['heard']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
