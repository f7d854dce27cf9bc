"""Opt-in: a real llama.cpp `llama-server` (README, "A real llama.cpp server"). Skipped unless
INTERVIEWER_TEST_LLAMA_URL names it, e.g. http://127.0.0.1:PORT/v1. The tiny base model's content is
junk; this proves that a strict json_schema grade request is accepted and parses with every point once."""

from __future__ import annotations

import os

import pytest

from interviewer.bank import load_bank
from interviewer.grading.base import GradeRequest
from interviewer.grading.openai_grader import OpenAIGrader
from interviewer.rubric.store import rubric_for
from interviewer.settings import load_settings

URL = os.environ.get("INTERVIEWER_TEST_LLAMA_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set INTERVIEWER_TEST_LLAMA_URL to a running llama-server")


async def test_strict_json_schema_grade_is_accepted_and_holds_every_point_once():
    question = load_bank().get("dropout")
    rubric = rubric_for(question)
    settings = load_settings(base_url=URL, grader="openai", max_tokens=1500, request_timeout=600, max_attempts=1)
    grader = OpenAIGrader.from_settings(settings)
    feedback = await grader.grade(GradeRequest(question, rubric, "Dropout zeroes random activations during training."))
    assert grader.caller.mode == "json_schema" and grader.caller.bounded  # neither fallback was needed
    assert [v.point_id for v in feedback.verdicts] == [p.id for p in rubric.key_points]
    assert {d.dimension for d in feedback.dimensions} == {"technical_accuracy", "completeness", "clarity_structure", "depth"}
