"""The Files and Batches endpoints of the stand-in server, in memory, for bulk grading without a network.

A batch is `validating` when created and runs once `delay` seconds have passed on the injected clock (tests
move the clock; nothing sleeps): every line is answered by `answer` (the stand-in's current mode), in
reverse order (the API promises no order), into an output file, and lines `answer` cannot serve into an error
file. Knobs reproduce what the real API does to a batch: `end_as="expired"` with `answered=N` answers only
the first N lines and writes the rest to the error file as expired; `cancel` stops a batch before it runs.
`respond()` serves one HTTP request, so the same endpoints back the loopback server and respx routes.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import HTTP

Answer = Callable[[dict], dict]
Response = tuple[int, bytes, str]  # status, body, content type
JSON = "application/json"


def _json(status: int, payload: dict) -> Response:
    return status, json.dumps(payload).encode(), JSON


def _error(status: int, message: str) -> Response:
    return _json(status, {"error": {"message": message, "type": "invalid_request_error", "code": None}})


class BatchEndpoints:
    def __init__(self, answer: Answer, *, clock: Callable[[], float] = time.monotonic, delay: float = 0.0) -> None:
        self.answer, self.clock, self.delay = answer, clock, delay
        self.end_as = "completed"
        self.answered: int | None = None  # lines answered before `end_as` applies; None: all of them
        self.files: dict[str, dict] = {}
        self.contents: dict[str, bytes] = {}
        self.batches: dict[str, dict] = {}
        self.started: dict[str, float] = {}

    def respond(self, method: str, path: str, content_type: str, body: bytes) -> Response:
        path = path.split("?", 1)[0].removeprefix("/v1")
        if method == "POST" and path == "/files":
            return self._upload(content_type, body)
        if method == "GET" and (m := re.fullmatch(r"/files/([\w-]+)/content", path)):
            if m[1] not in self.contents:
                return _error(404, f"No such File object: {m[1]}")
            return 200, self.contents[m[1]], "application/octet-stream"
        if method == "POST" and path == "/batches":
            return self._create(json.loads(body or b"{}"))
        if m := re.fullmatch(r"/batches/([\w-]+)(/cancel)?", path):
            batch = self.batches.get(m[1])
            if batch is None:
                return _error(404, f"No batch found with id '{m[1]}'.")
            if m[2] and method == "POST":
                if batch["status"] not in ("completed", "failed", "expired", "cancelled"):
                    batch["status"], batch["cancelled_at"] = "cancelled", int(self.clock())
                return _json(200, batch)
            if method == "GET":
                self._advance(batch)
                return _json(200, batch)
        return _error(404, f"the stand-in does not serve {method} {path}")

    def _upload(self, content_type: str, body: bytes) -> Response:
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        fields = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
        if "file" not in fields or "purpose" not in fields:
            return _error(400, "a file upload needs `file` and `purpose`")
        payload = fields["file"].get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        file_id = f"file-{len(self.files) + 1:06d}"
        self.contents[file_id] = data
        self.files[file_id] = {"id": file_id, "object": "file", "bytes": len(data), "created_at": int(self.clock()),
                               "filename": fields["file"].get_filename() or "upload.jsonl",
                               "purpose": fields["purpose"].get_content().strip(), "status": "processed"}
        return _json(200, self.files[file_id])

    def _create(self, request: dict) -> Response:
        input_file = request.get("input_file_id")
        if input_file not in self.contents:
            return _error(400, f"Invalid 'input_file_id': '{input_file}'. No such file.")
        if request.get("endpoint") != "/v1/chat/completions":
            return _error(400, f"this stand-in only batches /v1/chat/completions, not {request.get('endpoint')!r}")
        batch_id = f"batch_{len(self.batches) + 1:06d}"
        self.batches[batch_id] = {
            "id": batch_id, "object": "batch", "endpoint": request["endpoint"], "errors": None,
            "input_file_id": input_file, "completion_window": request.get("completion_window", "24h"),
            "status": "validating", "output_file_id": None, "error_file_id": None, "created_at": int(self.clock()),
            "request_counts": {"total": 0, "completed": 0, "failed": 0}, "metadata": request.get("metadata"),
        }
        self.started[batch_id] = self.clock()
        return _json(200, self.batches[batch_id])

    def _advance(self, batch: dict) -> None:
        if batch["status"] != "validating" or self.clock() - self.started[batch["id"]] < self.delay:
            return
        lines = self.contents[batch["input_file_id"]].splitlines()
        requests, problems = [], []
        for n, raw in enumerate(lines, 1):
            try:
                line = json.loads(raw)
                requests.append((line["custom_id"], line["body"]))
            except (ValueError, KeyError, TypeError):
                problems.append({"code": "invalid_json_line", "line": n, "message": "This line is not valid JSON "
                                 "with custom_id and body.", "param": None})
        if problems:
            batch.update(status="failed", errors={"object": "list", "data": problems[:10]})
            return
        out, errors = [], []
        for n, (custom_id, body) in enumerate(requests):
            if self.answered is not None and n >= self.answered:
                if self.end_as == "expired":
                    errors.append(_line(n, custom_id, None, {"code": "batch_expired", "message": "This request could "
                                  "not be executed before the completion window expired."}))
                continue
            try:
                out.append(_line(n, custom_id, {"status_code": 200, "request_id": f"req_{n}",
                                                "body": self.answer(body)}, None))
            except LookupError as exc:
                errors.append(_line(n, custom_id, {"status_code": 404, "request_id": f"req_{n}", "body": {
                    "error": {"message": str(exc), "type": "invalid_request_error"}}}, None))
        batch["output_file_id"] = self._store(batch["id"], "output", out[::-1])
        batch["error_file_id"] = self._store(batch["id"], "error", errors)
        batch["request_counts"] = {"total": len(requests), "completed": len(out), "failed": len(errors)}
        batch["status"] = self.end_as if self.answered is not None else "completed"

    def _store(self, batch_id: str, kind: str, lines: list[bytes]) -> str | None:
        if not lines:
            return None
        file_id = f"file-{batch_id}-{kind}"
        self.contents[file_id] = b"".join(lines)
        self.files[file_id] = {"id": file_id, "object": "file", "bytes": len(self.contents[file_id]),
                               "created_at": int(self.clock()), "filename": f"{batch_id}_{kind}.jsonl",
                               "purpose": "batch_output", "status": "processed"}
        return file_id


def _line(n: int, custom_id: str, response: dict | None, error: dict | None) -> bytes:
    return (json.dumps({"id": f"batch_req_{n}", "custom_id": custom_id, "response": response, "error": error})
            + "\n").encode()
