"""`interviewer grade`: grade one answer to one bank question."""

from __future__ import annotations

import argparse
import sys

from interviewer.commands.spoken import add_audio_option
from interviewer.commands.common import add_bank_option, add_samples_option, bank_from, graders_for, path_argument, print_json
from interviewer.errors import BadInputError
from interviewer import graders

def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("grade", help="grade one answer against a question's rubric")
    p.add_argument("--question", required=True, metavar="ID", help="question id (see `interviewer bank list`)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--answer", metavar="TEXT", help="the answer text")
    source.add_argument("--answer-file", type=path_argument, metavar="FILE", help="read the answer from a file")
    source.add_argument("-", dest="stdin", action="store_true", help="read the answer from standard input")
    add_audio_option(source)
    p.add_argument("--time-limit", type=float, metavar="SECONDS", help="with --audio: the speaking time allowed")
    p.add_argument("--grader", choices=graders.CHOICES, help="default: the configured grader (auto)")
    p.add_argument("--model", help="model name for the LLM grader")
    p.add_argument("--json", action="store_true", help="print the Feedback as JSON")
    add_samples_option(p)
    add_bank_option(p)
    p.set_defaults(handler=grade_command)


MAX_ANSWER_FILE_BYTES = 10_000_000  # far past any answer (graders read its first 20,000 characters)


def read_answer(args: argparse.Namespace) -> str:
    if args.answer is not None:
        return args.answer
    if args.stdin:
        return read_stdin()
    from interviewer.files import NotARegularFile, read_bounded

    try:
        raw = read_bounded(args.answer_file, MAX_ANSWER_FILE_BYTES)
        if len(raw) > MAX_ANSWER_FILE_BYTES:
            raise BadInputError(f"{args.answer_file}: more than {MAX_ANSWER_FILE_BYTES:,} bytes; an answer file holds "
                                "one answer")
        return raw.decode("utf-8")
    except NotARegularFile as exc:
        raise BadInputError(str(exc)) from None
    except OSError as exc:
        raise BadInputError(f"{args.answer_file}: cannot read the answer file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise BadInputError(f"{args.answer_file}: not UTF-8 text; save the answer as UTF-8") from None


def read_stdin() -> str:
    """Standard input as text. Bytes that are not UTF-8 are replaced (and the user told), not fatal: the
    rest of what was typed is still graded and saved."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return sys.stdin.read()
    raw = buffer.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        print(f"Standard input is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}): bytes that are not "
              "UTF-8 are shown as \ufffd; the rest of the answer is graded and saved. Send UTF-8 to keep every "
              "character.", file=sys.stderr)
        return raw.decode("utf-8", "replace")


def grade_command(args: argparse.Namespace) -> int:
    import asyncio

    from datetime import UTC, datetime

    from interviewer.commands.common import open_store
    from interviewer.grading.base import GradeRequest
    from interviewer.grading.service import grade
    from interviewer.llm.errors import LLMError
    from interviewer.rubric.store import rubric_for
    from interviewer.settings import load_settings
    from interviewer.terminal import printable

    settings = load_settings(grader=args.grader, model=args.model)
    question = bank_from(args, settings).get(args.question)
    transcript = None
    if args.audio is not None:
        from interviewer.commands.spoken import transcribe_answer

        transcript = transcribe_answer(args, settings)
    answer = transcript.text if transcript else read_answer(args)
    store = open_store()
    saved = store.save_answer(question.id, answer, datetime.now(UTC))  # before any grading call
    grader, fallback = graders_for(args, settings)
    if grader.kind == graders.OFFLINE and not args.json:
        reason = "chosen" if settings.grader == graders.OFFLINE else "no OPENAI_API_KEY or OPENAI_BASE_URL is set"
        print(f"Grading with the embedded offline grader ({reason}).", file=sys.stderr)
    request = GradeRequest(question=question, rubric=rubric_for(question), answer=answer)
    try:
        feedback = asyncio.run(grade(request, grader, fallback))
    except LLMError as exc:
        exc.message += f" Your answer is saved (answer {saved} in {store.path})."
        raise
    if args.json:
        result = feedback.model_dump(mode="json")
        if transcript:
            from interviewer.commands.spoken import as_json

            result = as_json(transcript, args.time_limit, result)
        print_json(result)  # JSON escapes control characters itself
    else:
        from interviewer.presentation.text import render_text
        from interviewer.presentation.view import present

        print(printable(render_text(present(question, request.rubric, feedback))))
    return 0
