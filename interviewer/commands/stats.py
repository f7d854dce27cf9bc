"""`interviewer stats`: progress over time."""

from __future__ import annotations

import argparse
import sys

from interviewer.commands.common import add_bank_option, bank_from, print_json


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("stats", help="progress: score by topic over time, most-missed points, unseen questions")
    p.add_argument("--json", action="store_true", help="print as JSON")
    add_bank_option(p)
    p.set_defaults(handler=stats)


def stats(args: argparse.Namespace) -> int:
    from interviewer.storage.history import history, render
    from interviewer.storage.store import SessionStore

    stored = SessionStore().all()
    for s in stored:
        for problem in s.replay.problems:
            print(problem, file=sys.stderr)
    bank = bank_from(args)
    h = history([s.replay.record for s in stored if s.replay.record], bank)
    if args.json:
        print_json(h.as_dict())
    else:
        print(render(h, len(bank.questions)))
    return 0
