"""`interviewer stats`: progress over time."""

from __future__ import annotations

import argparse

from interviewer.commands.common import add_bank_option, bank_from, print_json


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("stats", help="progress: score by topic over time, most-missed points, unseen questions")
    p.add_argument("--json", action="store_true", help="print as JSON")
    add_bank_option(p)
    p.set_defaults(handler=stats)
    p = commands.add_parser("agreement", help="the grader measured against your reviews of its verdicts")
    p.add_argument("--json", action="store_true", help="print as JSON")
    add_bank_option(p)
    p.set_defaults(handler=agreement)


def stats(args: argparse.Namespace) -> int:
    from interviewer.commands.common import open_store
    from interviewer.rubric.store import rubric_for
    from interviewer.settings import load_settings
    from interviewer.presentation.history import history, render

    settings = load_settings()
    bank = bank_from(args, settings)
    h = history(open_store().progress(bank.topic_of()), bank, rubric_for, settings.prices)
    if args.json:
        print_json(h.as_dict())
    else:
        print(render(h, len(bank.questions)))
    return 0


def agreement(args: argparse.Namespace) -> int:
    from interviewer.commands.common import open_store
    from interviewer.presentation.agreement import agreement as measure, render, reviewed_answers

    result = measure(reviewed_answers(open_store()), bank_from(args))
    if args.json:
        print_json(result.as_dict())
    else:
        print(render(result))
    return 0
