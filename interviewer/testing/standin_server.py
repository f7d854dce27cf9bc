"""A tiny OpenAI-compatible chat-completions server on loopback, for end-to-end CLI tests.

It answers every grading request with a valid structured reply that marks the first key point
covered, quoting the first sentence of the answer between the markers, with no delay: what it
measures is the client's own overhead. Run it: `python -m interviewer.testing.standin_server`.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer



class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        schema = body["response_format"].get("json_schema", {}).get("schema") or body["response_format"]["schema"]
        ids = schema["$defs"]["PointVerdictOut"]["properties"]["point_id"]["enum"]
        answer = re.search(r"<<<ANSWER-\w+>>>\n(.*?)\n<<<END-", body["messages"][-1]["content"], re.S).group(1)
        first_sentence = re.split(r"(?<=[.!?])\s", answer)[0]
        grade = {
            "point_verdicts": [{"point_id": pid, "evidence_quote": first_sentence if i == 0 else "", "reason": "r",
                                "verdict": "covered" if i == 0 else "missing"} for i, pid in enumerate(ids)],
            "misconceptions": [], "star": [], "strengths": ["ok"], "to_sharpen": [], "stronger_answer": "s",
            "dimensions": [{"dimension": "depth", "justification": "j", "score": 2}],
            "follow_up": "f", "follow_up_point_id": ids[-1], "addresses_grader": False,
        }
        payload = json.dumps(_completion(json.dumps(grade), body)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):  # keep test output clean
        pass


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
    def __enter__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.requests = []
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
    import time

    with StandInServer() as server:
        print(f"OpenAI-compatible stand-in at {server.base_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
