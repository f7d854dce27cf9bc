"""`interviewer rubrics ...`: build drafts, check quality and freshness, show one rubric."""

from __future__ import annotations

import argparse

from interviewer.commands.common import add_bank_option, bank_from, path_argument

TYPE_CHECKING = False  # why: see interviewer/commands/common.py
if TYPE_CHECKING:
    from interviewer.domain.rubrics import Rubric


def register(commands: argparse._SubParsersAction) -> None:
    rubrics = commands.add_parser("rubrics", help="build, check and show grading rubrics")
    sub = rubrics.add_subparsers(dest="rubrics_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser("build", help="build rubric drafts from the reference answers")
    p.add_argument("--question", metavar="ID", help="only this question (default: every question)")
    p.add_argument("--llm", action="store_true", help="ask the configured OpenAI-compatible model (default: offline extractor)")
    p.add_argument("--force", action="store_true",
                   help="overwrite existing rubric files (default: write ID.draft.yaml beside them)")
    p.add_argument("--out", type=path_argument, metavar="DIR", help="folder to write to (default: the rubrics folder in use)")
    add_bank_option(p)
    p.set_defaults(handler=build)

    p = sub.add_parser("check", help="exit 1 naming every missing, stale or low-quality rubric")
    p.add_argument("--rubrics", type=path_argument, metavar="DIR", help="rubrics folder to check (default: the bundled one)")
    add_bank_option(p)
    p.set_defaults(handler=check)

    p = sub.add_parser("show", help="show one question's rubric as a table")
    p.add_argument("id", help="question id")
    add_bank_option(p)
    p.set_defaults(handler=show)


def build(args: argparse.Namespace) -> int:
    import asyncio
    import difflib

    from interviewer.rubric.store import dump_rubric, load_rubric_file, rubric_path, rubrics_dir, save_rubric
    from interviewer.settings import load_settings

    settings = load_settings()
    bank = bank_from(args, settings)
    questions = [bank.get(args.question)] if args.question else list(bank.questions.values())
    out = args.out or _checkout_rubrics(rubrics_dir())
    drafts = asyncio.run(_llm_drafts(questions, settings)) if args.llm else _extracted(questions)
    counts = {"written": 0, "drafted beside": 0, "unchanged": 0}
    for rubric in drafts:
        target = rubric_path(rubric.question_id, out)
        if not target.exists() or args.force:
            save_rubric(rubric, target)
            counts["written"] += 1
            continue
        existing = target.read_text(encoding="utf-8")
        new = dump_rubric(rubric)
        if existing == new:
            counts["unchanged"] += 1
            continue
        draft_path = target.with_name(f"{rubric.question_id}.draft.yaml")
        draft_path.write_text(new, encoding="utf-8")
        counts["drafted beside"] += 1
        if args.question:  # one question: show what the draft would change
            print("".join(difflib.unified_diff(existing.splitlines(True), new.splitlines(True), str(target), str(draft_path))))
        else:
            status = load_rubric_file(target).status
            print(f"{rubric.question_id}: existing {status} rubric kept; draft written to {draft_path}")
    print(", ".join(f"{n} {label}" for label, n in counts.items()) + f" (in {out})")
    return 0


def _checkout_rubrics(folder):
    """The rubrics folder in use, when it is a checkout's, where people edit them; an installed
    package's copy is not a place to write drafts (a reinstall would lose them)."""
    from interviewer.errors import BadInputError

    if folder.parent.name == "_data":
        raise BadInputError(f"this installation's rubrics are inside the package ({folder}); name a folder for the "
                            "drafts with --out, or install a checkout with `pip install -e .` to edit its rubrics/")
    return folder


def _extracted(questions: list) -> list[Rubric]:
    from interviewer.rubric.extract import build_rubric

    return [build_rubric(q) for q in questions]


async def _llm_drafts(questions: list, settings) -> list[Rubric]:
    from interviewer.errors import ConfigError
    from interviewer.llm.client import make_client
    from interviewer.llm.structured import StructuredCaller
    from interviewer.rubric.llm_build import build_rubric_llm
    from interviewer.settings import llm_grader_problem

    if problem := llm_grader_problem(settings.model_copy(update={"grader": "openai"})):
        raise ConfigError(problem)  # the words and exit code (2) of `grade --grader openai`
    caller = StructuredCaller(make_client(settings.llm), settings.llm)
    return [await build_rubric_llm(q, caller) for q in questions]


def check(args: argparse.Namespace) -> int:
    from interviewer.rubric.check import check_all
    from interviewer.rubric.store import load_rubrics

    bank = bank_from(args)
    rubric_set = load_rubrics(args.rubrics)
    problems = check_all(bank, rubric_set)
    if problems:
        for problem in problems:
            print(problem)
        print(f"\n{len(problems)} problem(s) in rubrics for {len(bank.questions)} questions")
        return 1
    print(f"ok: {len(rubric_set.rubrics)} rubrics, one per question, fresh and within the quality rules")
    return 0


def show(args: argparse.Namespace) -> int:
    from interviewer.rubric.render import render_rubric
    from interviewer.rubric.store import rubric_for

    bank = bank_from(args)
    question = bank.get(args.id)
    print(render_rubric(question, rubric_for(question)))
    return 0
