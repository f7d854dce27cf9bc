"""Options and helpers shared by several commands."""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (type checkers read it so), without importing typing at start-up
if TYPE_CHECKING:
    from enum import StrEnum
    from pathlib import Path
    from typing import Any

    from interviewer.bank import Bank
    from interviewer.settings import Settings
    from interviewer.storage.store import Store


def path_argument(text: str) -> Path:
    """`type=` for path options: pathlib loads when a path is given, not for every `--help`."""
    from pathlib import Path

    return Path(text)


def enum_argument(enum: type[StrEnum]) -> Any:
    """`type=` for an option taking one of an enum's values: an unknown value is refused (exit 2) with the
    valid ones listed. (argparse's `choices` never lists them when `type=` already refused the value.)"""

    def parse(text: str):
        try:
            return enum(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not one of: {', '.join(enum)}") from None

    parse.__name__ = enum.__name__.lower()  # argparse names the type in some messages
    return parse


def add_bank_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bank",
        action="append",
        type=path_argument,
        default=[],
        metavar="PATH",
        help="extra question-bank file or folder, loaded after the built-in bank (repeatable)",
    )


def add_samples_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--samples", type=int, default=1, metavar="N",
                        help="LLM grader: grade N times (1-9) and take the per-point majority (default 1)")


def graders_for(args: argparse.Namespace, settings: Settings):
    """(grader, fallback) as the settings ask, sampled when --samples asks; an explicit --grader fails
    loudly instead of silently switching to the fallback."""
    from interviewer.errors import BadInputError
    from interviewer import graders
    from interviewer.grading.factory import make_graders
    from interviewer.grading.self_consistency import MAX_SAMPLES, SampledGrader, sampling_settings

    samples = getattr(args, "samples", 1)
    if not 1 <= samples <= MAX_SAMPLES:
        raise BadInputError(f"--samples must be between 1 and {MAX_SAMPLES}, not {samples}")
    if samples > 1 and settings.resolved_grader == graders.OFFLINE:
        raise BadInputError("--samples needs the LLM grader: the offline grader gives the same grade every time. "
                            "Set OPENAI_API_KEY or OPENAI_BASE_URL, or drop --samples.")
    grader, fallback = make_graders(sampling_settings(settings, samples))
    return (SampledGrader(grader, samples) if samples > 1 else grader), fallback


def bank_from(args: argparse.Namespace, settings: Settings | None = None) -> Bank:
    from interviewer.bank import load_bank
    from interviewer.settings import load_settings

    settings = settings or load_settings()
    return load_bank([*settings.banks, *getattr(args, "bank", [])])


def open_store() -> Store:
    """The user's store. Its first open imports older files, and what could not be read is reported here."""
    from interviewer.storage.opening import open_store as open_user_store

    store = open_user_store()
    for problem in store.import_problems:
        print(problem, file=sys.stderr)
    return store


def print_json(data: Any) -> None:
    """Indented; a list of records gets one record per line (readable, and the C encoder keeps a long
    history's listing fast: the indenting encoder is pure Python)."""
    import json

    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        lines = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in data)
        sys.stdout.write(f"[\n{lines}\n]\n" if data else "[]\n")
    else:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())
