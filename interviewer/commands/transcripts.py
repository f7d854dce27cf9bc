"""`interviewer transcripts ...` and `interviewer regrade`: review and re-grade past sessions."""

from __future__ import annotations

import argparse
import sys

from interviewer.commands.common import add_bank_option, bank_from, path_argument, print_json


def register(commands: argparse._SubParsersAction) -> None:
    t = commands.add_parser("transcripts", help="list, show and export past interviews")
    sub = t.add_subparsers(dest="transcripts_command", metavar="SUBCOMMAND", required=True)
    p = sub.add_parser("list", help="every saved interview, newest first")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(handler=list_transcripts)
    p = sub.add_parser("show", help="one interview as readable text")
    p.add_argument("id", help="transcript id or a unique prefix of one")
    add_bank_option(p)
    p.set_defaults(handler=show_transcript)
    p = sub.add_parser("export", help="write one interview as Markdown or JSON")
    p.add_argument("id", help="transcript id or a unique prefix of one")
    p.add_argument("--format", choices=["md", "json"], default="md")
    p.add_argument("-o", "--output", type=path_argument, metavar="FILE", help="write here instead of standard output")
    add_bank_option(p)
    p.set_defaults(handler=export_transcript)

    p = commands.add_parser("regrade", help="grade a past interview again and compare old and new scores")
    p.add_argument("id", help="transcript id or a unique prefix of one")
    p.add_argument("--grader", choices=["auto", "openai", "offline"])
    p.add_argument("--model", help="model name for the LLM grader")
    p.add_argument("--save", action="store_true", help="record the new grades in the transcript")
    add_bank_option(p)
    p.set_defaults(handler=regrade)


def _store():
    from interviewer.storage.store import SessionStore

    return SessionStore()


def list_transcripts(args: argparse.Namespace) -> int:
    from interviewer.storage.export import average

    sessions = list(reversed(_store().all()))
    for stored in sessions:
        for problem in stored.replay.problems:
            print(problem, file=sys.stderr)
    rows = []
    for stored in sessions:
        record = stored.replay.record
        if record is None:
            continue
        avg = average(record)
        rows.append({"id": record.id, "started_at": record.started_at.isoformat(), "kind": record.config.kind,
                     "mode": record.config.mode, "questions": len(record.records),
                     "answered": sum(r.answered and not r.skipped for r in record.records),
                     "average": round(avg, 2) if avg is not None else None,
                     "status": "finished" if record.finished else "interrupted", "path": str(stored.path)})
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("No interviews yet. Start one with `interviewer` or `interviewer mock`.")
        return 0
    print(f"{'id':<22} {'started':<17} {'kind':<6} {'mode':<9} {'answered':>8} {'average':>8}  status")
    for r in rows:
        avg = f"{r['average']:.1f}" if r["average"] is not None else "—"
        print(f"{r['id']:<22} {r['started_at'][:16].replace('T', ' '):<17} {r['kind']:<6} {r['mode']:<9} "
              f"{r['answered']:>4}/{r['questions']:<3} {avg:>8}  {r['status']}")
    return 0


def show_transcript(args: argparse.Namespace) -> int:
    from interviewer.storage.export import to_markdown

    stored = _store().load(args.id)
    for problem in stored.replay.problems:
        print(problem, file=sys.stderr)
    print(to_markdown(stored.replay.record, bank_from(args)), end="")
    return 0


def export_transcript(args: argparse.Namespace) -> int:
    from interviewer.storage.export import to_json, to_markdown

    stored = _store().load(args.id)
    bank = bank_from(args)
    text = to_markdown(stored.replay.record, bank) if args.format == "md" else to_json(stored.replay.record, bank) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def regrade(args: argparse.Namespace) -> int:
    import asyncio
    from datetime import UTC, datetime

    from interviewer.grading.base import GradeRequest
    from interviewer.grading.factory import make_graders
    from interviewer.grading.service import grade
    from interviewer.rubric.store import rubric_for
    from interviewer.settings import load_settings

    settings = load_settings(grader=args.grader, model=args.model)
    store = _store()
    stored = store.load(args.id)
    record, bank = stored.replay.record, bank_from(args, settings)
    grader, fallback = make_graders(settings)
    if settings.grader != "auto":
        fallback = None

    async def run():
        results = []
        for index, item in enumerate(record.records):
            if not item.answered or item.skipped:
                continue
            question = bank.get(item.question_id)
            request = GradeRequest(question, rubric_for(question), item.answer or "", hints=len(item.hints))
            new = await grade(request, grader, fallback)
            results.append((index, item, new))
        return results

    results = asyncio.run(run())
    print(f"{'#':>2}  {'question':<40} {'old':>12}  {'new':>12}  change")
    for index, item, new in results:
        old = item.feedback
        old_text = f"{old.score:g} {old.provenance.grader}" if old else "not graded"
        change = f"{new.score - old.score:+.1f}" if old else ""
        text = bank.get(item.question_id).text
        print(f"{index + 1:>2}  {text[:40]:<40} {old_text:>12}  {new.score:g} {new.provenance.grader:>7}  {change}")
    if args.save:
        journal = store.open_journal(record.id)
        for index, _, new in results:
            journal.write("feedback_received", datetime.now(UTC), index=index, feedback=new, follow_up=None,
                          recovered=None)
        journal.close()
        print(f"saved the new grades in {stored.path}")
    return 0
