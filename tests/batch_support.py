"""Helpers for the bulk-grading tests: a cohort CSV, the stand-in's batch endpoints behind respx, the state."""

from __future__ import annotations

import json
import re

import httpx

from interviewer.testing.standin_batches import BatchEndpoints
from interviewer.testing.standin_server import reply_to

ANSWERS = {
    ("alice", "cnn-applications"): "A CNN learns local filters with shared weights. It is used for image classification.",
    ("bob", "cnn-applications"): "Convolutions slide small filters over the image. Pooling shrinks the feature maps.",
    ("bob", "cnn-architecture"): "Convolution layers, then pooling, then fully connected layers give class scores.",
    ("carol", "cnn-architecture"): "Stacked convolutions learn edges first and object parts later in the network.",
}


def write_cohort(path, rows=None) -> None:
    rows = rows if rows is not None else [(c, q, a, "A") for (c, q), a in ANSWERS.items()]
    lines = ["candidate,question_id,answer,group"] + [",".join(json.dumps(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def answer_of(body: dict) -> str:
    prompt = "\n".join(m["content"] for m in body["messages"])
    return re.search(r"<<<ANSWER-(\w+)>>>\n(.*?)\n<<<END-\1>>>", prompt, re.S).group(2)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def mount(openai_mock, endpoints: BatchEndpoints) -> None:
    """Serve the Files and Batches endpoints from `endpoints` through respx."""

    def handle(request: httpx.Request) -> httpx.Response:
        status, body, content_type = endpoints.respond(request.method, request.url.path,
                                                      request.headers.get("content-type", ""), request.read())
        return httpx.Response(status, content=body, headers={"content-type": content_type})

    openai_mock.route(path__regex=r"/(files|batches)").mock(side_effect=handle)


def first_point(body: dict) -> dict:
    return reply_to(body, "first-point")
