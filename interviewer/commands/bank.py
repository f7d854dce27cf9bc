"""`interviewer bank ...`: browse and validate the question bank."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from interviewer.commands.common import add_bank_option, bank_from, enum_argument, indent, path_argument, print_json
from interviewer.domain.taxonomy import Kind, Topic

TYPE_CHECKING = False  # why: see interviewer/commands/common.py
if TYPE_CHECKING:
    from interviewer.domain.questions import Question


def register(commands: argparse._SubParsersAction) -> None:
    bank = commands.add_parser("bank", help="browse and validate the question bank")
    sub = bank.add_subparsers(dest="bank_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser("list", help="list questions (filter by topic or kind)")
    p.add_argument("--topic", action="append", type=enum_argument(Topic), default=[], metavar="TOPIC",
                   help=f"only this topic (repeatable): {', '.join(Topic)}")
    p.add_argument("--kind", action="append", type=enum_argument(Kind), default=[], metavar="KIND",
                   help=f"only this kind (repeatable): {', '.join(Kind)}")
    p.add_argument("--json", action="store_true", help="print every matching question as JSON")
    add_bank_option(p)
    p.set_defaults(handler=list_questions)

    p = sub.add_parser("show", help="show one question with its reference answers and sources")
    p.add_argument("id", help="question id (see `interviewer bank list`)")
    p.add_argument("--json", action="store_true", help="print the question as JSON")
    add_bank_option(p)
    p.set_defaults(handler=show_question)

    p = sub.add_parser("stats", help="count questions by topic and kind")
    add_bank_option(p)
    p.set_defaults(handler=stats)

    p = sub.add_parser("validate", help="check bank files; exits 2 naming every problem")
    p.add_argument("paths", nargs="*", type=path_argument, metavar="PATH",
                   help="bank files or folders to check together with the built-in bank")
    p.set_defaults(handler=validate)


def list_questions(args: argparse.Namespace) -> int:
    import shutil

    questions = bank_from(args).filter(args.topic, args.kind)
    if args.json:
        print_json([q.model_dump(mode="json") for q in questions])
        return 0
    width = shutil.get_terminal_size((100, 24)).columns
    id_width = max((len(q.id) for q in questions), default=2)
    for q in questions:
        head = f"{q.id:<{id_width}}  {q.topic:<21} {q.kind:<11} {q.difficulty}  "
        room = max(width - len(head), 20)
        # Truncate only for a person at a terminal; pipes get whole lines.
        text = q.text if len(q.text) <= room or not sys.stdout.isatty() else q.text[: room - 1] + "…"
        print(head + text)
    print(f"\n{len(questions)} question(s)")
    return 0


def show_question(args: argparse.Namespace) -> int:
    question = bank_from(args).get(args.id)
    if args.json:
        print_json(question.model_dump(mode="json"))
        return 0
    from interviewer.terminal import printable

    print(printable(render_question(question)))
    return 0


def render_question(q: Question) -> str:
    from interviewer.bank.sources import render_cite, render_source

    group = f"  ·  group {q.group}" if q.group else ""
    lines = [f"{q.id}  ·  {q.topic}  ·  {q.kind}  ·  difficulty {q.difficulty}{group}", "", q.text]
    if q.variants:
        lines += ["", "Also asked as:", *(f"  - {v}" for v in q.variants)]
    for i, ref in enumerate(q.references, 1):
        cite = f"  ({render_cite(q, ref.source)})" if ref.source else ""
        lines += ["", f"Reference answer {i}{cite}", indent(ref.answer)]
        if ref.example:
            lines += ["  Example answer:", indent(ref.example)]
    if q.sources:
        lines += ["", "Sources:", *(f"  - {render_source(s)}" for s in q.sources)]
    return "\n".join(lines)


def stats(args: argparse.Namespace) -> int:
    bank = bank_from(args)
    questions = list(bank.questions.values())
    by_topic = Counter(q.topic for q in questions)
    kinds = list(Kind)
    print(f"{'topic':<22}" + "".join(f"{k:>12}" for k in kinds) + f"{'total':>8}")
    for topic in Topic:
        if not by_topic[topic]:
            continue
        row = Counter(q.kind for q in questions if q.topic == topic)
        print(f"{topic:<22}" + "".join(f"{row[k]:>12}" for k in kinds) + f"{by_topic[topic]:>8}")
    totals = Counter(q.kind for q in questions)
    print(f"{'total':<22}" + "".join(f"{totals[k]:>12}" for k in kinds) + f"{len(questions):>8}")
    by_difficulty = Counter(q.difficulty for q in questions)
    print(
        "\ndifficulty: " + ", ".join(f"{d}: {by_difficulty[d]}" for d in sorted(by_difficulty))
        + f"  ·  reference answers: {sum(len(q.references) for q in questions)}"
        + f"  ·  seed questions covered: {sum(len(q.sources) for q in questions)}"
        + f"  ·  tips: {len(bank.tips)}"
    )
    grouped = [q for q in questions if q.group]
    print(f"groups: {len({q.group for q in grouped})} linking {len(grouped)} questions that cover the same ground "
          "(an interview serves one of each)")
    return 0


def validate(args: argparse.Namespace) -> int:
    args.bank = args.paths
    bank = bank_from(args)
    print(f"ok: {len(bank.questions)} questions and {len(bank.tips)} tips are valid")
    return 0
