"""Options and helpers shared by several commands."""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (type checkers read it so), without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from pathlib import Path

    from interviewer.bank import Bank
    from interviewer.settings import Settings


def path_argument(text: str) -> Path:
    """`type=` for path options: pathlib loads when a path is given, not for every `--help`."""
    from pathlib import Path

    return Path(text)


def add_bank_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bank",
        action="append",
        type=path_argument,
        default=[],
        metavar="PATH",
        help="extra question-bank file or folder, loaded after the built-in bank (repeatable)",
    )


def bank_from(args: argparse.Namespace, settings: Settings | None = None) -> Bank:
    from interviewer.bank import load_bank
    from interviewer.settings import load_settings

    settings = settings or load_settings()
    return load_bank([*settings.banks, *getattr(args, "bank", [])])


def print_json(data: Any) -> None:
    import json

    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())
