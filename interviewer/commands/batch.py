"""`interviewer batch`: grade a whole cohort through a batch engine (the OpenAI Batch API, `vllm run-batch`).

prepare -> submit -> status -> collect (or `import FILE` from another engine) -> report. Every step is safe
to re-run; state lives in `batch/batch.db` in the data folder.
"""

from __future__ import annotations

import argparse
import sys

from interviewer.commands.common import add_bank_option, bank_from, path_argument


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("batch", help="grade a whole cohort through a batch engine (the OpenAI Batch API, vLLM)")
    steps = p.add_subparsers(dest="step", metavar="STEP", required=True)

    prepare = steps.add_parser("prepare", help="write the grading requests as batch JSONL shards")
    source = prepare.add_mutually_exclusive_group()
    source.add_argument("csv", nargs="?", type=path_argument, metavar="COHORT_CSV",
                        help="columns candidate, question_id, answer (others are kept for the reports)")
    source.add_argument("--from-history", action="store_true", help="every answer in the store (interviews, `grade`)")
    source.add_argument("--dataset", type=path_argument, metavar="CSV", help="an `interviewer eval` dataset")
    prepare.add_argument("--cohort", metavar="NAME", help="name the cohort (default: the CSV's name, or 'history')")
    prepare.add_argument("--retry", action="store_true", help="also write the requests that failed, to resubmit them")
    prepare.add_argument("--model", help="model name (default: the configured model)")
    prepare.add_argument("--max-lines", type=int, default=None, metavar="N", help="lines per shard (default 50,000)")
    prepare.add_argument("--max-bytes", type=int, default=None, metavar="N", help="bytes per shard (default 200 MB)")
    add_bank_option(prepare)
    prepare.set_defaults(handler=prepare_command)

    steps.add_parser("submit", help="upload the new shards and create their batches").set_defaults(handler=submit_command)
    status = steps.add_parser("status", help="each batch's progress, and the requests per status")
    status.add_argument("--failed", action="store_true", help="list each failed request and why")
    status.set_defaults(handler=status_command)
    steps.add_parser("collect", help="grade the output of every finished batch").set_defaults(handler=collect_command)
    imported = steps.add_parser("import", help="grade an output file from any engine writing the batch format")
    imported.add_argument("file", type=path_argument, metavar="FILE", help="e.g. the -o file of `vllm run-batch`")
    imported.set_defaults(handler=import_command)

    report = steps.add_parser("report", help="per-candidate reports and the cohort summary")
    report.add_argument("--cohort", metavar="NAME", help="default: the only cohort prepared")
    report.add_argument("--out", type=path_argument, metavar="DIR", help="write reports and summary.{md,json} here")
    report.add_argument("--json", action="store_true", help="print the summary as JSON")
    report.set_defaults(handler=report_command)


def _folder():
    from interviewer.locations import user_data_dir

    return user_data_dir() / "batch"


def _state():
    """The batch state, closed when the command ends (`with _state() as db`)."""
    from contextlib import closing

    from interviewer.batch.state import connect, state_path

    return closing(connect(state_path(_folder())))


def _checked_limit(value: int | None, default: int, name: str) -> int:
    from interviewer.errors import BadInputError

    if value is None:
        return default
    if not 1 <= value <= default:
        raise BadInputError(f"{name} must be between 1 and {default:,}, not {value}")
    return value


def prepare_command(args: argparse.Namespace) -> int:
    from interviewer.batch.prepare import MAX_BYTES, MAX_LINES, write_shards
    from interviewer.errors import BadInputError
    from interviewer.settings import load_settings

    max_lines = _checked_limit(args.max_lines, MAX_LINES, "--max-lines")
    max_bytes = _checked_limit(args.max_bytes, MAX_BYTES, "--max-bytes")
    settings = load_settings(model=args.model)
    with _state() as db:
        if args.csv or args.dataset or args.from_history:
            _add_answers(args, db, settings)
        elif not args.retry:
            raise BadInputError("give a cohort CSV, --from-history or --dataset CSV (or --retry to rewrite failed requests)")
        shards = write_shards(db, settings, _folder() / "shards", retry_failed=args.retry,
                              max_lines=max_lines, max_bytes=max_bytes)
        for path, lines in shards:
            print(f"{path}: {lines} request(s)")
        if not shards:
            print("No request to write: every answer is already in a shard, a batch or graded.")
    return 0


def _add_answers(args: argparse.Namespace, db, settings) -> None:
    from interviewer.batch import sources
    from interviewer.batch.prepare import add_answers

    skipped = sources.Skipped()
    bank = bank_from(args, settings)
    if args.from_history:
        from interviewer.commands.common import open_store

        answers, cohort = sources.history(open_store(), bank, skipped), args.cohort or "history"
    elif args.dataset:
        answers, cohort = sources.eval_dataset(args.dataset, bank, skipped), args.cohort or args.dataset.stem
    else:
        answers, cohort = sources.cohort_csv(args.csv, bank, skipped), args.cohort or args.csv.stem
    added = add_answers(db, cohort, answers, settings.model)
    for message in skipped.messages:
        print(message, file=sys.stderr)
    print(f"{added} new answer(s) in cohort {cohort!r}" + (f"; {len(skipped.messages)} row(s) skipped"
                                                          if skipped.messages else ""))


def _client():
    from interviewer.llm.client import make_client
    from interviewer.settings import load_settings

    settings = load_settings()
    key = settings.api_key.get_secret_value() if settings.api_key else None
    return settings, make_client(settings.llm), key


def submit_command(args: argparse.Namespace) -> int:
    import asyncio

    _, client, key = _client()
    done = asyncio.run(_submit(client, key))
    for shard, batch_id in done:
        print(f"{shard}: batch {batch_id}")
    if not done:
        print("No shard to submit (`interviewer batch prepare` writes them).")
    return 0


async def _submit(client, key):
    from interviewer.batch.engine import submit

    with _state() as db:
        return await submit(db, client, key)


def status_command(args: argparse.Namespace) -> int:
    import asyncio

    from interviewer.batch.engine import refresh
    from interviewer.batch.state import counts
    from interviewer.terminal import printable

    _, client, key = _client()
    with _state() as db:
        for progress, _ in asyncio.run(refresh(db, client, key, everything=True)):
            print(f"batch {progress.batch_id} ({progress.shard}): {progress.status}, {progress.completed} done, "
                  f"{progress.failed} failed of {progress.total}")
        print("requests: " + (", ".join(f"{n} {status}" for status, n in sorted(counts(db).items())) or "none"))
        if args.failed:
            for row in db.execute("SELECT error FROM requests WHERE status = 'failed' ORDER BY rowid"):
                print(printable(row[0] or "failed"))
    return 0


def _print_tally(tally) -> None:
    from interviewer.terminal import printable

    for problem in tally.problems:
        print(printable(problem), file=sys.stderr)
    if tally.more_problems:
        print(f"... and {tally.more_problems} more (`interviewer batch status --failed` lists every failed request)",
              file=sys.stderr)
    print(f"{tally.graded} graded, {tally.failed} failed, {tally.already} already graded (skipped)")


def collect_command(args: argparse.Namespace) -> int:
    import asyncio

    from interviewer.batch.engine import collect
    from interviewer.batch.results import Grading
    from interviewer.llm.client import endpoint_host

    settings, client, key = _client()
    with _state() as db:
        folder = _folder() / "downloads"
        folder.mkdir(parents=True, exist_ok=True)
        tally, running = asyncio.run(collect(db, client, Grading(db, settings, endpoint_host(settings)), folder, key))
        _print_tally(tally)
        for progress in running:
            print(f"batch {progress.batch_id} is still {progress.status}: run `interviewer batch collect` again later")
    return 0


def import_command(args: argparse.Namespace) -> int:
    from interviewer.batch.engine import import_file
    from interviewer.batch.results import Grading
    from interviewer.settings import load_settings

    with _state() as db:
        _print_tally(import_file(Grading(db, load_settings(), None), args.file))
    return 0


def report_command(args: argparse.Namespace) -> int:
    from interviewer.batch.reports import summary_markdown, write_reports
    from interviewer.commands.common import print_json
    from interviewer.errors import BadInputError
    from interviewer.settings import load_settings
    from interviewer.terminal import printable

    with _state() as db:
        cohorts = [row[0] for row in db.execute("SELECT DISTINCT cohort FROM answers ORDER BY cohort")]
        cohort = args.cohort or (cohorts[0] if len(cohorts) == 1 else None)
        if cohort is None or cohort not in cohorts:
            known = ", ".join(repr(c) for c in cohorts) or "none yet (`interviewer batch prepare` adds one)"
            raise BadInputError(f"{'no cohort ' + repr(args.cohort) if args.cohort else 'name a cohort with --cohort'}; "
                                f"cohorts: {known}")
        data = write_reports(db, cohort, args.out).as_dict(load_settings().prices)
        markdown = summary_markdown(data)
        if args.out:
            import json

            (args.out / "summary.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            (args.out / "summary.md").write_text(markdown, encoding="utf-8")
            print(f"Reports for {len(data['candidates'])} candidate(s) and the summary are in {args.out}", file=sys.stderr)
        if args.json:
            print_json(data)
        else:
            print(printable(markdown))
    return 0
