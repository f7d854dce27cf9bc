"""A tiny OpenAI-compatible chat-completions server on loopback, for end-to-end CLI tests.

It answers every grading request at once with a valid structured reply (what it measures is the
client's own overhead), in one of three modes:
- "first-point": the first key point covered, quoting the first sentence of the answer;
- "lenient": every key point covered, each quoting the sentence of the answer that shares the most
  words with the point (a lenient model, or one that obeyed an injected instruction). The app's
  checks must keep a weak answer's score low against it;
- "oracle": a perfect model: each answer's verdicts, quotes and misconceptions as a careful human
  labelled them in a per-point labelled set (interviewer.evaluation.labels). Whatever the pipeline does
  after the model must turn these into the labels' own score.
It also serves the Files and Batches endpoints (interviewer.testing.standin_batches) for bulk grading.
Run it: `python -m interviewer.testing.standin_server [--lenient | --oracle LABELS.csv] [--port N]
[--batch-delay SECONDS]`.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from interviewer.testing.standin_batches import BatchEndpoints

MODES = ("first-point", "lenient", "oracle")


class _Server(ThreadingHTTPServer):
    """The HTTP server, holding what the handler records and how it answers."""

    def __init__(self, mode: str, labels: dict[str, list[dict]], batches: BatchEndpoints, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.requests: list[dict] = []
        self.mode = mode
        self.labels = labels
        self.batches = batches


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self):  # noqa: N802 (http.server's naming)
        if not self.path.endswith("/chat/completions"):
            return self._batch_endpoint("POST")
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        try:
            payload, status = json.dumps(reply_to(body, self.server.mode, self.server.labels)).encode(), 200
        except LookupError as exc:  # the oracle has no labels for this answer: say so, as a server would
            payload, status = json.dumps({"error": {"message": str(exc), "type": "invalid_request_error"}}).encode(), 404
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):  # noqa: N802
        self._batch_endpoint("GET")

    def _batch_endpoint(self, method: str) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, payload, content_type = self.server.batches.respond(method, self.path,
                                                                    self.headers.get("Content-Type", ""), body)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):  # keep test output clean
        pass


def reply_to(body: dict, mode: str, labels: dict | None = None) -> dict:
    """The chat completion this stand-in sends for a grading request body (also usable with respx).
    `labels` (oracle mode) maps an answer's text to its labelled rows (read_labels)."""
    return _completion(json.dumps(_grade(body, mode, labels or {})), body)


def read_labels(path: Path) -> dict[str, list[dict]]:
    """A per-point labelled set's rows with labels, by the answer's whitespace-collapsed text."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if (r.get("verdicts") or "").strip()]
    by_answer: dict[str, list[dict]] = {}
    for row in rows:
        by_answer.setdefault(_collapse(row["answer"]), []).append(row)
    return by_answer


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _grade(body: dict, mode: str, labels: dict) -> dict:
    schema = body["response_format"].get("json_schema", {}).get("schema") or body["response_format"]["schema"]
    prompt = "\n".join(m["content"] for m in body["messages"])
    fenced = re.search(r"<<<ANSWER-(\w+)>>>\n(.*?)\n<<<END-\1>>>", prompt, re.S)
    answer = fenced.group(2) if fenced else ""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", answer.strip()) if s]
    statements = dict(re.findall(r"^- id=(\S+) \[[^\]]*\]: ([^\n]*)", prompt, re.M))
    ids = _keys(schema, "verdicts")
    # Like a constrained decoder, stop a quote at the schema's bound (absent when the client dropped it).
    bound = schema["$defs"]["PointOut"]["properties"]["evidence_quote"].get("maxLength")
    sentences = [s[:bound] for s in sentences]
    misconceptions: list[dict] = []
    if mode == "oracle":
        verdicts, misconceptions = _labelled(labels, answer, ids, schema)
    elif mode == "lenient":
        verdicts = {pid: _point("covered", _closest(sentences, statements.get(pid, pid))) for pid in ids}
    else:
        verdicts = {pid: _point("covered", sentences[0]) if i == 0 else _point("missing", "") for i, pid in enumerate(ids)}
    grade = {
        "verdicts": verdicts, "misconceptions": misconceptions,
        "dimensions": {d: {"justification": "j", "score": 4 if mode == "lenient" else 2} for d in _keys(schema, "dimensions")},
        "strengths": ["ok"], "to_sharpen": [], "stronger_answer": "s", "follow_up": "f",
        "follow_up_point_id": ids[-1], "addresses_grader": False,
    }
    if "star" in schema["properties"]:
        grade["star"] = {e: {"quote": sentences[0], "present": True} for e in _keys(schema, "star")}
    return grade


def _labelled(labels: dict, answer: str, ids: list[str], schema: dict) -> tuple[dict, list[dict]]:
    """The labelled verdicts and misconceptions of this answer to this rubric (its point ids)."""
    row = next((r for r in labels.get(_collapse(answer), []) if set(json.loads(r["verdicts"])) == set(ids)), None)
    if row is None:
        raise LookupError(f"the oracle has no labels for this answer: {answer[:60]!r}")
    verdicts = {pid: _point(v["verdict"], v.get("quote", "")) for pid, v in json.loads(row["verdicts"]).items()}
    choice = schema["$defs"]["MisconceptionOut"]["properties"]["misconception_id"]
    listed = choice.get("enum", [choice.get("const")])
    misconceptions = [{"misconception_id": m.get("id") if m.get("id") in listed else "", "statement": "a wrong claim",
                       "quote": m.get("quote", ""), "correction": ""}
                      for m in json.loads(row.get("misconceptions") or "[]")]
    return verdicts, misconceptions


def _keys(schema: dict, field: str) -> list[str]:
    """The required keys of a per-key object in the reply schema (point ids, dimensions, STAR elements)."""
    node = schema["properties"][field]
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node["required"]


def _point(verdict: str, quote: str) -> dict:
    return {"evidence_quote": quote, "reason": "r", "verdict": verdict}


def _closest(sentences: list[str], statement: str) -> str:
    wanted = set(re.findall(r"[a-z]{3,}", statement.lower()))
    return max(sentences, key=lambda s: len(wanted & set(re.findall(r"[a-z]{3,}", s.lower()))))


def _completion(content: str, request: dict) -> dict:
    prompt_chars = sum(len(m["content"]) for m in request["messages"])
    return {
        "id": "chatcmpl-standin", "object": "chat.completion", "created": 0, "model": request["model"],
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        # A rough token estimate (4 characters a token): the stand-in has no tokenizer.
        "usage": {"prompt_tokens": prompt_chars // 4, "completion_tokens": len(content) // 4,
                  "total_tokens": (prompt_chars + len(content)) // 4},
    }


class StandInServer:
    def __init__(self, mode: str = "first-point", labels: Path | None = None, port: int = 0, *,
                 batch_delay: float = 0.0, clock=time.monotonic) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        if (mode == "oracle") != (labels is not None):
            raise ValueError("the oracle mode, and only it, takes a labelled set")
        self.mode, self.port = mode, port
        self.labels = read_labels(labels) if labels else {}
        # Batch lines are answered in whatever mode the server is in when the batch runs.
        self.batches = BatchEndpoints(lambda body: reply_to(body, self.mode, self.labels), clock=clock,
                                      delay=batch_delay)

    def __enter__(self):
        self.httpd = _Server(self.mode, self.labels, self.batches, self.port)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def requests(self) -> list[dict]:
        return self.httpd.requests

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m interviewer.testing.standin_server",
                                     description="An OpenAI-compatible stand-in grader on 127.0.0.1.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--lenient", action="store_true", help="every point covered, quoting the closest sentence")
    mode.add_argument("--oracle", type=Path, metavar="LABELS", help="answer with a per-point labelled set's labels")
    parser.add_argument("--port", type=int, default=0, help="default: any free port")
    parser.add_argument("--batch-delay", type=float, default=0.0, metavar="SECONDS",
                        help="a batch completes this long after it is created (default 0)")
    args = parser.parse_args(argv)
    if args.oracle and not args.oracle.is_file():
        parser.error(f"{args.oracle}: no such file")
    try:
        server = StandInServer("oracle" if args.oracle else "lenient" if args.lenient else "first-point",
                               args.oracle, args.port, batch_delay=args.batch_delay)
    except (OSError, ValueError, KeyError, csv.Error) as exc:
        parser.error(f"cannot start: {exc}")
    with server:
        print(f"OpenAI-compatible stand-in ({server.mode}) at {server.base_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
