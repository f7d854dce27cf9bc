"""`interviewer` (no command) and `interviewer mock`: the interactive app."""

from __future__ import annotations

import argparse
import math
import sys

from interviewer.commands.common import add_bank_option, enum_argument
from interviewer.domain.taxonomy import Kind, Topic
from interviewer import graders


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("mock", help="start a timed mock interview in the app")
    p.add_argument("--questions", type=int, default=5, metavar="N", help="number of questions (default 5)")
    p.add_argument("--topic", action="append", type=enum_argument(Topic), default=[], metavar="T",
                   help=f"only this topic (repeatable): {', '.join(Topic)}")
    p.add_argument("--kind", action="append", type=enum_argument(Kind), default=[], metavar="K",
                   help=f"only this kind (repeatable): {', '.join(Kind)}")
    p.add_argument("--difficulty", action="append", type=int, choices=range(1, 4), default=[], metavar="1-3",
                   help="only this difficulty (repeatable): 1 definition, 2 how/why/compare, 3 design or debugging")
    p.add_argument("--minutes", type=float, default=5.0, metavar="M", help="minutes per question (default 5; 0: none)")
    p.add_argument("--total-minutes", type=float, metavar="M", help="minutes for the whole interview")
    p.add_argument("--strict", action="store_true", help="strict mode: no feedback until the end")
    p.add_argument("--grader", choices=graders.CHOICES, help="default: the configured grader (auto)")
    p.add_argument("--seed", type=int, metavar="S", help="seed for a reproducible question order")
    p.add_argument("--follow-ups", type=int, default=1, choices=range(4), metavar="0-3",
                   help="follow-up questions per answer (default 1)")
    add_bank_option(p)
    p.set_defaults(handler=mock)
    register_drill(commands)


def register_drill(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("drill", help="practise what is due for review, then weak topics, then new questions")
    p.add_argument("--topic", action="append", type=enum_argument(Topic), default=[], metavar="T",
                   help=f"only this topic (repeatable): {', '.join(Topic)}")
    p.add_argument("--due", action="store_true", help="only items due for review")
    p.add_argument("--questions", type=int, default=5, metavar="N", help="number of questions (default 5)")
    p.add_argument("--follow-ups", type=int, default=1, choices=range(4), metavar="0-3", help="follow-ups per question")
    p.add_argument("--grader", choices=graders.CHOICES)
    add_bank_option(p)
    p.set_defaults(handler=drill)


def in_a_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def refuse_without_a_terminal(command: str) -> None:
    """An interview needs keys and a screen: without them the app would wait for keys forever."""
    from interviewer.errors import BadInputError

    if not in_a_terminal():
        raise BadInputError(f"`interviewer {command}` needs a terminal: run it in one, not from a script or a pipe; "
                            "`interviewer grade` grades an answer without one.")


def drill(args: argparse.Namespace) -> int:
    from interviewer.engine.coach import MockOptions

    refuse_without_a_terminal("drill")

    options = MockOptions(questions=max(1, args.questions), minutes_per_question=None, mode="practice", drill=True,
                          due_only=args.due, topics=tuple(args.topic), follow_ups=args.follow_ups)
    return run_app(args, start_mock=options, grader=args.grader)


def run_app(args: argparse.Namespace, start_mock=None, **overrides) -> int:
    from interviewer.tui.startup import pause_collection

    pause_collection()  # the app resumes it once its first screen is drawn
    from interviewer.bank import load_bank
    from interviewer.settings import load_settings
    from interviewer.tui.app import make_app

    settings = load_settings(**overrides)
    bank = load_bank([*settings.banks, *getattr(args, "bank", [])])
    if start_mock is not None and not start_mock.drill:
        announce_shortfall(bank, start_mock)
    app = make_app(settings, bank=bank, start_mock=start_mock)
    app.run()
    return app.return_code or 0  # textual sets 1 after an unhandled exception


def announce_shortfall(bank, options) -> None:
    """Say on stderr when the filters match fewer questions than asked for; none is an error (exit 2)."""
    from interviewer.bank.select import matching_questions, servable_count

    available = servable_count(matching_questions(bank, topics=options.topics, kinds=options.kinds,
                                                  difficulties=options.difficulties))
    if available < options.questions:
        filters = " ".join([*(f"--topic {t}" for t in options.topics), *(f"--kind {k}" for k in options.kinds),
                            *(f"--difficulty {d}" for d in options.difficulties)])
        print(f"interviewer: {filters or 'the bank'} matches only {available} question{'s' if available > 1 else ''}; "
              f"the interview has {available}, not {options.questions}.", file=sys.stderr)


def mock(args: argparse.Namespace) -> int:
    from interviewer.errors import BadInputError
    from interviewer.engine.coach import MockOptions

    if args.questions < 1 or not 0 <= args.minutes < math.inf:
        raise BadInputError("--questions must be at least 1 and --minutes a number of at least 0")
    if args.total_minutes is not None and not 0 < args.total_minutes < math.inf:
        raise BadInputError("--total-minutes must be a number above 0")
    refuse_without_a_terminal("mock")
    options = MockOptions(questions=args.questions, minutes_per_question=args.minutes or None,
                          total_minutes=args.total_minutes, mode="strict" if args.strict else "practice",
                          topics=tuple(args.topic), kinds=tuple(args.kind), difficulties=tuple(args.difficulty),
                          seed=args.seed, follow_ups=args.follow_ups)
    return run_app(args, start_mock=options, grader=args.grader)


def home(args: argparse.Namespace) -> int:
    if not in_a_terminal():
        return -1  # not a terminal: the caller prints help instead
    return run_app(args)
