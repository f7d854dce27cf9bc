"""`submit`, `status` and `collect` against an OpenAI-compatible Batch API (OpenAI, or the stand-in), with the
openai SDK. Each step records what it did in the batch state before the next call, so any of them can be
re-run after a failure or a kill: a shard is uploaded and submitted once, a batch collected once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.batch.prepare import ENDPOINT
from interviewer.batch.results import Grading, Tally, record_lines
from interviewer.batch.state import transaction
from interviewer.errors import BadInputError, InterviewerError

if TYPE_CHECKING:
    import openai
    from openai.types import Batch

TERMINAL = ("completed", "expired", "cancelled", "failed")


class BatchAPIError(InterviewerError):
    title = "Batch API"


@dataclass
class BatchProgress:
    batch_id: str
    shard: str
    status: str
    completed: int
    failed: int
    total: int


def _api_error(what: str, exc: Exception, key: str | None) -> BatchAPIError:
    from interviewer.llm.errors import redact
    from interviewer.terminal import printable

    status = getattr(exc, "status_code", None)
    body = getattr(exc, "body", None)
    message = body.get("message") if isinstance(body, dict) and body.get("message") else str(exc)
    detail = f"HTTP {status}: {message}" if status else f"{exc.__class__.__name__}: {message}"
    return BatchAPIError(printable(redact(f"{what} ({detail[:300]})", key)))


async def submit(db: sqlite3.Connection, client: openai.AsyncOpenAI, key: str | None) -> list[tuple[str, str]]:
    """Upload and create a batch for every shard not yet submitted; returns (shard, batch id) pairs."""
    import openai

    done = []
    for shard in db.execute("SELECT path, file_id FROM shards WHERE batch_id IS NULL ORDER BY path").fetchall():
        path, name = Path(shard["path"]), Path(shard["path"]).name
        file_id = shard["file_id"]
        try:
            if file_id is None:
                with path.open("rb") as f:  # a file object: the upload is streamed, not read into memory first
                    file_id = (await client.files.create(file=(name, f), purpose="batch")).id
                with transaction(db):  # an upload is not repeated when only the batch creation failed
                    db.execute("UPDATE shards SET file_id = ? WHERE path = ?", (file_id, shard["path"]))
            batch = await client.batches.create(input_file_id=file_id, endpoint=ENDPOINT, completion_window="24h",
                                                metadata={"shard": name})
        except OSError as exc:
            raise BatchAPIError(f"shard {name}: cannot read it ({exc.strerror}); `batch prepare --retry` rewrites "
                                "the pending requests") from None
        except openai.OpenAIError as exc:
            raise _api_error(f"shard {name}: the API did not accept the batch", exc, key) from None
        with transaction(db):
            db.execute("UPDATE shards SET batch_id = ? WHERE path = ?", (batch.id, shard["path"]))
            db.execute("INSERT OR REPLACE INTO batches (batch_id, shard, status) VALUES (?, ?, ?)",
                       (batch.id, shard["path"], batch.status))
            db.execute("UPDATE requests SET status = 'submitted', batch_id = ? WHERE shard = ? AND status = 'queued'",
                       (batch.id, shard["path"]))
        done.append((name, batch.id))
    return done


async def refresh(db: sqlite3.Connection, client: openai.AsyncOpenAI, key: str | None,
                  everything: bool = False) -> list[tuple[BatchProgress, Batch]]:
    """Each batch not yet collected (or every batch), as the API reports it now."""
    import openai

    where = "" if everything else "WHERE collected = 0"
    found = []
    for row in db.execute(f"SELECT batch_id, shard FROM batches {where} ORDER BY shard").fetchall():
        try:
            batch = await client.batches.retrieve(row["batch_id"])
        except openai.OpenAIError as exc:
            raise _api_error(f"batch {row['batch_id']}: cannot read its status", exc, key) from None
        with transaction(db):
            db.execute("UPDATE batches SET status = ? WHERE batch_id = ?", (batch.status, batch.id))
        counts = batch.request_counts
        found.append((BatchProgress(batch.id, Path(row["shard"]).name, batch.status,
                                    counts.completed if counts else 0, counts.failed if counts else 0,
                                    counts.total if counts else 0), batch))
    return found


async def collect(db: sqlite3.Connection, client: openai.AsyncOpenAI, grading: Grading, folder: Path,
                  key: str | None) -> tuple[Tally, list[BatchProgress]]:
    """Grade the output and error files of every finished batch; returns the tally and the batches still running."""
    import openai

    tally, running = Tally(), []
    for progress, batch in await refresh(db, client, key):
        if progress.status not in TERMINAL:
            running.append(progress)
            continue
        for file_id in (batch.output_file_id, batch.error_file_id):
            if not file_id:
                continue
            path = folder / f"{batch.id}-{file_id}.jsonl"
            try:
                async with client.files.with_streaming_response.content(file_id) as response:
                    with path.open("wb") as out:
                        async for chunk in response.iter_bytes():
                            out.write(chunk)
            except openai.OpenAIError as exc:
                raise _api_error(f"batch {batch.id}: cannot download file {file_id}", exc, key) from None
            part = record_lines(grading, _lines(path, f"batch {batch.id} file {file_id}"), batch.id)
            _add(tally, part)
            path.unlink()
        reason = _unfinished_reason(batch)
        with transaction(db):
            left = db.execute("UPDATE requests SET status = 'failed', error = ? WHERE batch_id = ? AND status = 'submitted'",
                              (f"batch {batch.id}: {reason}; `interviewer batch prepare --retry` then `submit` "
                               "resubmits it", batch.id)).rowcount
            db.execute("UPDATE batches SET collected = 1 WHERE batch_id = ?", (batch.id,))
        if left:
            tally.failed += left
            tally.problem(f"batch {batch.id} ({progress.status}): {left} line(s) had no result ({reason})")
    return tally, running


def _unfinished_reason(batch) -> str:
    if batch.status == "failed" and batch.errors and batch.errors.data:
        first = batch.errors.data[0]
        where = f" (input line {first.line})" if getattr(first, "line", None) else ""
        return f"the API rejected the batch{where}: {first.message}"
    if batch.status in ("expired", "cancelled"):
        return f"the batch was {batch.status} before this line ran"
    return "this line is missing from the batch's output"


def _lines(path: Path, where: str) -> Iterator[tuple[str, bytes]]:
    with path.open("rb") as f:
        for n, raw in enumerate(f, 1):
            yield f"{where} line {n}", raw


def import_file(grading: Grading, path: Path) -> Tally:
    """An output file from any engine writing the batch format (e.g. `vllm run-batch -o`)."""
    try:
        return record_lines(grading, _lines(path, path.name), f"import:{path.name}")
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read the output file ({exc.strerror})") from None


def _add(total: Tally, part: Tally) -> None:
    total.graded += part.graded
    total.failed += part.failed
    total.already += part.already
    for problem in part.problems:
        total.problem(problem)
    total.more_problems += part.more_problems
