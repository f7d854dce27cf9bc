"""Opt-in: a real llama.cpp `llama-server` (README, "A real llama.cpp server"). Skipped unless
INTERVIEWER_TEST_LLAMA_URL names it, e.g. http://127.0.0.1:PORT/v1. The tiny base model's content is
junk; this proves that a strict json_schema grade request is accepted and parses with every point once,
and that the prompt tokens the server reports as cached are recorded."""

from __future__ import annotations

import os

import pytest
from pydantic import BaseModel

from interviewer.bank import load_bank
from interviewer.grading.base import GradeRequest
from interviewer.grading.openai_grader import OpenAIGrader
from interviewer.grading.prompts import build_messages
from interviewer.llm.client import make_client
from interviewer.llm.structured import StructuredCaller
from interviewer.rubric.store import rubric_for
from interviewer.llm.errors import LLMCutOff
from interviewer.settings import load_settings

URL = os.environ.get("INTERVIEWER_TEST_LLAMA_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set INTERVIEWER_TEST_LLAMA_URL to a running llama-server")


async def test_strict_json_schema_grade_is_accepted_and_holds_every_point_once():
    question = load_bank().get("dropout")
    rubric = rubric_for(question)
    settings = load_settings(base_url=URL, grader="openai", max_tokens=1500, request_timeout=600, max_attempts=1)
    grader = OpenAIGrader.from_settings(settings)
    try:
        feedback = await grader.grade(GradeRequest(question, rubric, "Dropout zeroes random activations during training."))
    except LLMCutOff:
        # The schema carries no length bounds (issue 24: a server must not turn them into a grammar it cannot
        # hold), so the tiny base model may fill a string until max_tokens: a clear length error is an answer.
        assert grader.caller.mode == "json_schema"  # the strict schema itself was accepted
        return
    assert grader.caller.mode == "json_schema"  # no fallback to JSON mode was needed
    assert [v.point_id for v in feedback.verdicts] == [p.id for p in rubric.key_points]
    assert {d.dimension for d in feedback.dimensions} == {"technical_accuracy", "completeness", "clarity_structure", "depth"}



class Acknowledged(BaseModel):
    ok: bool


async def test_the_prompt_tokens_the_server_served_from_its_cache_are_recorded():
    # A one-field reply keeps this to seconds; the prompt is a real grading prompt.
    question = load_bank().get("dropout")
    request = GradeRequest(question, rubric_for(question), "Dropout zeroes random activations during training.")
    settings = load_settings(base_url=URL, max_tokens=256, request_timeout=600, max_attempts=1)
    caller = StructuredCaller(make_client(settings.llm), settings.llm)
    first, second = [(await caller.call(build_messages(request, "00112233aabbccdd"), Acknowledged, "ack")).usage
                     for _ in range(2)]
    assert first.cached_tokens < second.cached_tokens <= second.prompt_tokens
