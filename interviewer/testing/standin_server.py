"""A tiny OpenAI-compatible chat-completions server on loopback, for end-to-end CLI tests.

It answers every grading request at once with a valid structured reply (what it measures is the
client's own overhead), in one of two modes:
- "first-point": the first key point covered, quoting the first sentence of the answer;
- "lenient": every key point covered, each quoting the sentence of the answer that shares the most
  words with the point (a lenient model, or one that obeyed an injected instruction). The app's
  checks must keep a weak answer's score low against it.
Run it: `python -m interviewer.testing.standin_server [--lenient]`.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODES = ("first-point", "lenient")


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        payload = json.dumps(reply_to(body, self.server.mode)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):  # keep test output clean
        pass


def reply_to(body: dict, mode: str) -> dict:
    """The chat completion this stand-in sends for a grading request body (also usable with respx)."""
    return _completion(json.dumps(_grade(body, mode)), body)


def _grade(body: dict, mode: str) -> dict:
    schema = body["response_format"].get("json_schema", {}).get("schema") or body["response_format"]["schema"]
    prompt = "\n".join(m["content"] for m in body["messages"])
    answer = re.search(r"<<<ANSWER-(\w+)>>>\n(.*?)\n<<<END-\1>>>", prompt, re.S).group(2)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", answer.strip()) if s]
    statements = dict(re.findall(r"^- id=(\S+) \[[^\]]*\]: ([^\n]*)", prompt, re.M))
    ids = _keys(schema, "verdicts")
    # Like a constrained decoder, stop a quote at the schema's bound (absent when the client dropped it).
    bound = schema["$defs"]["PointOut"]["properties"]["evidence_quote"].get("maxLength")
    sentences = [s[:bound] for s in sentences]
    if mode == "lenient":
        verdicts = {pid: _point("covered", _closest(sentences, statements.get(pid, pid))) for pid in ids}
    else:
        verdicts = {pid: _point("covered", sentences[0]) if i == 0 else _point("missing", "") for i, pid in enumerate(ids)}
    grade = {
        "verdicts": verdicts, "misconceptions": [],
        "dimensions": {d: {"justification": "j", "score": 4 if mode == "lenient" else 2} for d in _keys(schema, "dimensions")},
        "strengths": ["ok"], "to_sharpen": [], "stronger_answer": "s", "follow_up": "f",
        "follow_up_point_id": ids[-1], "addresses_grader": False,
    }
    if "star" in schema["properties"]:
        grade["star"] = {e: {"quote": sentences[0], "present": True} for e in _keys(schema, "star")}
    return grade


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
    def __init__(self, mode: str = "first-point") -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.mode = mode

    def __enter__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.requests = []
        self.httpd.mode = self.mode
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


if __name__ == "__main__":
    import argparse
    import time

    parser = argparse.ArgumentParser(description="A stand-in OpenAI-compatible grading server on loopback.")
    parser.add_argument("--lenient", action="store_true", help="cover every key point (default: the first only)")
    with StandInServer("lenient" if parser.parse_args().lenient else "first-point") as server:
        print(f"OpenAI-compatible stand-in ({server.mode}) at {server.base_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
