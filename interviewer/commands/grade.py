"""`interviewer grade`: grade one answer to one bank question."""

from __future__ import annotations

import argparse
import os
import sys
import time

from interviewer.commands.common import add_bank_option, add_samples_option, bank_from, graders_for, path_argument, print_json
from interviewer.errors import BadInputError

TYPE_CHECKING = False  # why: see interviewer/commands/common.py
if TYPE_CHECKING:
    from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("grade", help="grade one answer against a question's rubric")
    p.add_argument("--question", required=True, metavar="ID", help="question id (see `interviewer bank list`)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--answer", metavar="TEXT", help="the answer text")
    source.add_argument("--answer-file", type=path_argument, metavar="FILE", help="read the answer from a file")
    source.add_argument("-", dest="stdin", action="store_true", help="read the answer from standard input")
    p.add_argument("--grader", choices=["auto", "openai", "offline"], help="default: the configured grader (auto)")
    p.add_argument("--model", help="model name for the LLM grader")
    p.add_argument("--json", action="store_true", help="print the Feedback as JSON")
    add_samples_option(p)
    add_bank_option(p)
    p.set_defaults(handler=grade_command)


def read_answer(args: argparse.Namespace) -> str:
    if args.answer is not None:
        return args.answer
    if args.stdin:
        return sys.stdin.read()
    try:
        return args.answer_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInputError(f"{args.answer_file}: cannot read the answer file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise BadInputError(f"{args.answer_file}: not UTF-8 text; save the answer as UTF-8") from None


def save_answer(question_id: str, answer: str) -> Path:
    """Keep what the candidate typed before any grading call, readable by the owner only."""
    from interviewer.locations import user_data_dir

    folder = user_data_dir() / "answers"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{question_id}.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(answer)
    return path


def grade_command(args: argparse.Namespace) -> int:
    import asyncio

    from interviewer.grading.base import GradeRequest
    from interviewer.grading.render import render_feedback
    from interviewer.grading.service import grade
    from interviewer.llm.errors import LLMError
    from interviewer.rubric.store import rubric_for
    from interviewer.settings import load_settings

    settings = load_settings(grader=args.grader, model=args.model)
    question = bank_from(args, settings).get(args.question)
    answer = read_answer(args)
    saved = save_answer(question.id, answer)
    grader, fallback = graders_for(args, settings)
    if grader.kind == "offline" and not args.json:
        reason = "chosen" if settings.grader == "offline" else "no OPENAI_API_KEY or OPENAI_BASE_URL is set"
        print(f"Grading with the embedded offline grader ({reason}).", file=sys.stderr)
    request = GradeRequest(question=question, rubric=rubric_for(question), answer=answer)
    try:
        feedback = asyncio.run(grade(request, grader, fallback))
    except LLMError as exc:
        exc.message += f" Your answer is saved in {saved}."
        raise
    if args.json:
        print_json(feedback.model_dump(mode="json"))
    else:
        print(render_feedback(question, request.rubric, feedback))
    return 0
