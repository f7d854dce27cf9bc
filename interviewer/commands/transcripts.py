"""`interviewer transcripts ...` and `interviewer regrade`: review and re-grade past sessions."""

from __future__ import annotations

import argparse
import sys

from interviewer.commands.common import add_bank_option, bank_from, path_argument, print_json
from interviewer import graders


def register(commands: argparse._SubParsersAction) -> None:
    t = commands.add_parser("transcripts", help="list, show, export and delete past interviews")
    sub = t.add_subparsers(dest="transcripts_command", metavar="SUBCOMMAND", required=True)
    p = sub.add_parser("list", help="every saved interview, newest first")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(handler=list_transcripts)
    p = sub.add_parser("show", help="one interview as readable text")
    p.add_argument("id", help="transcript id or a unique prefix of one")
    add_bank_option(p)
    p.set_defaults(handler=show_transcript)
    p = sub.add_parser("export", help="write one interview as Markdown, JSON or JSON lines, or every reviewed "
                                      "answer as a labelled CSV")
    p.add_argument("id", nargs="?", help="transcript id or a unique prefix of one")
    p.add_argument("--labelled", type=path_argument, metavar="CSV",
                   help="instead: write every answer whose verdicts you reviewed, in the `eval --dataset` format")
    p.add_argument("--format", choices=["md", "json", "jsonl"], default="md",
                   help="md: review notes; json: the whole record; jsonl: the stored events, one per line")
    p.add_argument("-o", "--output", type=path_argument, metavar="FILE", help="write here instead of standard output")
    add_bank_option(p)
    p.set_defaults(handler=export_transcript)

    p = sub.add_parser("delete", help="delete one interview from history and progress")
    p.add_argument("id", help="transcript id or a unique prefix of one")
    p.add_argument("--yes", action="store_true", help="do not ask (needed when not run in a terminal)")
    p.set_defaults(handler=delete_transcript)

    p = commands.add_parser("regrade", help="grade a past interview again and compare old and new scores")
    p.add_argument("id", help="transcript id or a unique prefix of one")
    p.add_argument("--grader", choices=graders.CHOICES)
    p.add_argument("--model", help="model name for the LLM grader")
    p.add_argument("--save", action="store_true", help="record the new grades in the transcript")
    add_bank_option(p)
    p.set_defaults(handler=regrade)


def list_transcripts(args: argparse.Namespace) -> int:
    from interviewer.commands.common import open_store
    from interviewer.presentation.sessions import session_row, sessions_header

    sessions = open_store().sessions()
    if args.json:
        print_json([{"id": s.id, "started_at": s.started_at.isoformat(), "kind": s.kind, "mode": s.mode,
                     "questions": s.questions, "answered": s.answered,
                     "average": round(s.average, 2) if s.average is not None else None, "status": s.status}
                    for s in sessions])
        return 0
    if not sessions:
        print("No interviews yet. Start one with `interviewer` or `interviewer mock`.")
        return 0
    print(sessions_header())
    for s in sessions:
        print(session_row(s))
    return 0


def _load(store, session_id: str):
    replay = store.load(session_id)
    for problem in replay.problems:
        print(problem, file=sys.stderr)
    return replay.record


def show_transcript(args: argparse.Namespace) -> int:
    from interviewer.commands.common import open_store
    from interviewer.rubric.store import rubric_for
    from interviewer.presentation.export import to_markdown

    from interviewer.settings import load_settings

    settings = load_settings()
    from interviewer.terminal import printable

    text = to_markdown(_load(open_store(), args.id), bank_from(args, settings), rubric_for, settings.prices)
    print(printable(text), end="")  # answers and model replies may hold terminal escapes
    return 0


def export_transcript(args: argparse.Namespace) -> int:
    from interviewer.commands.common import open_store
    from interviewer.rubric.store import rubric_for
    from interviewer.presentation.export import to_json, to_markdown

    from interviewer.errors import BadInputError

    if (args.id is None) == (args.labelled is None):
        raise BadInputError("give an interview id to export, or --labelled CSV for the reviewed answers (not both)")
    store = open_store()
    if args.labelled:
        return _export_labelled(store, args)
    record = _load(store, args.id)
    if args.format == "jsonl":  # the stored events, in the v1 transcripts' one-event-per-line shape
        text = "".join(line + "\n" for line in store.event_lines(record.id))
    elif args.format == "json":
        text = to_json(record, bank_from(args)) + "\n"
    else:
        from interviewer.settings import load_settings

        settings = load_settings()
        text = to_markdown(record, bank_from(args, settings), rubric_for, settings.prices)
    if args.output:
        _write(args.output, text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        from interviewer.terminal import printable

        sys.stdout.write(printable(text) if sys.stdout.isatty() else text)  # a file or pipe gets it as stored
    return 0


def _write(path, text: str) -> None:
    """Whole or not at all: the file replaced is kept if the write fails midway."""
    from interviewer.errors import BadInputError
    from interviewer.files import write_atomically

    try:
        write_atomically(path, text)
    except OSError as exc:
        raise BadInputError(f"cannot write {path} ({exc.strerror}); name a file in a folder that exists "
                            "and that you may write to", title="Cannot export") from None
    except UnicodeEncodeError as exc:
        raise BadInputError(f"cannot write {path}: the transcript holds text that is not valid Unicode "
                            f"({exc.reason}); the file was left as it was", title="Cannot export") from None


def _export_labelled(store, args: argparse.Namespace) -> int:
    from interviewer.presentation.agreement import labelled_csv, reviewed_answers
    from interviewer.rubric.store import rubric_for

    text, rows = labelled_csv(reviewed_answers(store), bank_from(args), rubric_for)
    _write(args.labelled, text)
    print(f"wrote {rows} reviewed answer(s) to {args.labelled}"
          + ("" if rows else ": none yet (review verdicts with v on a feedback screen or a report)"), file=sys.stderr)
    return 0


def delete_transcript(args: argparse.Namespace) -> int:
    from interviewer.commands.common import open_store
    from interviewer.errors import BadInputError
    from interviewer.presentation.sessions import session_row, sessions_header

    store = open_store()
    record = store.load(args.id).record
    summary = next(s for s in store.sessions() if s.id == record.id)
    if not args.yes:
        if not sys.stdin.isatty():
            raise BadInputError(f"deleting interview {record.id} needs a yes: add --yes to delete it without asking")
        print(f"{sessions_header()}\n{session_row(summary)}")
        if input("Delete this interview from history and progress? It cannot be undone. [y/N] ").strip().lower() != "y":
            print("kept it")
            return 0
    store.delete(record.id)
    print(f"deleted interview {record.id}")
    return 0


def regrade(args: argparse.Namespace) -> int:
    import asyncio

    from interviewer.commands.common import open_store
    from interviewer.engine.clock import SystemClock
    from interviewer.engine.coach import Coach, GradeJob
    from interviewer.engine.verdict_review import disagreements
    from interviewer.grading.factory import make_graders
    from interviewer.settings import load_settings

    settings = load_settings(grader=args.grader, model=args.model)
    store = open_store()
    coach = Coach(bank_from(args, settings), store, SystemClock(), *make_graders(settings))
    record = coach.open(store.load(args.id).record)
    jobs = [GradeJob(index) for index, item in enumerate(record.records) if item.answered and not item.skipped]
    if not jobs:
        print(f"Interview {record.id} has no answers to grade again (every question was skipped or never reached).")
        return 0
    olds = [record.records[job.index].feedback for job in jobs]  # before --save replaces them

    async def run():
        return [await coach.regrade(job, save=args.save) for job in jobs]

    results = asyncio.run(run())
    print(f"{'#':>2}  {'question':<40} {'old':>12}  {'new':>12}  change")
    for job, old, new in zip(jobs, olds, results, strict=True):
        item = record.records[job.index]
        old_text = f"{old.score:g} {old.provenance.grader}" if old else "not graded"
        change = f"{new.score - old.score:+.1f}" if old else ""
        text = coach.bank.get(item.question_id).text
        print(f"{job.index + 1:>2}  {text[:40]:<40} {old_text:>12}  {new.score:g} {new.provenance.grader:>7}  {change}")
        for point, grader_said, you_said in disagreements(new, item.reviews):
            print(f"    {point}: the new grade says {grader_said}, you said {you_said} (your verdict is kept)")
    if args.save:
        print(f"saved the new grades in interview {record.id} ({store.path})")
    return 0
