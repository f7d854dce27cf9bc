"""What grading cost: cached tokens from the endpoint's usage, the arithmetic, the prices setting."""

from __future__ import annotations

import json

import httpx
import pytest

from interviewer.bank import load_bank
from interviewer.config_file import update_config
from interviewer.domain.feedback import Feedback, PointVerdict, Provenance, Verdict
from interviewer.errors import ConfigError
from interviewer.grading.base import GradeRequest
from interviewer.presentation.cost import GradingCost, grading_cost
from interviewer.grading.openai_grader import OpenAIGrader
from interviewer.grading.self_consistency import majority
from interviewer.llm.client import make_client
from interviewer.llm.structured import StructuredCaller
from interviewer.rubric.store import rubric_for
from interviewer.settings import ModelPrice, load_settings
from tests_support import chat_completion, grade_body

Q = load_bank().get("overfitting-prevention")
R = rubric_for(Q)
ANSWER = "I use dropout during training. I also stop early when validation loss rises."
MINI = ModelPrice(prompt=0.15, completion=0.60, cached=0.075)


def completion(content: str, *, prompt_tokens: int, completion_tokens: int, details: dict | None) -> httpx.Response:
    body = chat_completion(content, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)
    body["usage"]["prompt_tokens_details"] = details
    return httpx.Response(200, json=body)


async def grade_once(openai_mock, *responses: httpx.Response) -> Feedback:
    openai_mock.post("/chat/completions").mock(side_effect=list(responses))
    settings = load_settings()
    grader = OpenAIGrader(StructuredCaller(make_client(settings.llm), settings.llm), settings)
    return await grader.grade(GradeRequest(question=Q, rubric=R, answer=ANSWER))


async def test_cached_prompt_tokens_are_recorded_from_the_usage_details(openai_mock):
    feedback = await grade_once(openai_mock, completion(json.dumps(grade_body(R)), prompt_tokens=1500,
                                                        completion_tokens=300, details={"cached_tokens": 1024}))
    p = feedback.provenance
    assert (p.prompt_tokens, p.cached_tokens, p.completion_tokens) == (1500, 1024, 300)


async def test_a_reask_adds_both_replies_cached_tokens(openai_mock):
    invalid = completion('{"verdicts": "oops"}', prompt_tokens=1200, completion_tokens=10, details={"cached_tokens": 1024})
    valid = completion(json.dumps(grade_body(R)), prompt_tokens=1300, completion_tokens=200, details={"cached_tokens": 1152})
    p = (await grade_once(openai_mock, invalid, valid)).provenance
    assert (p.prompt_tokens, p.cached_tokens, p.completion_tokens) == (2500, 2176, 210)


async def test_an_endpoint_that_reports_no_cache_details_records_none_cached(openai_mock):
    p = (await grade_once(openai_mock, completion(json.dumps(grade_body(R)), prompt_tokens=1300, completion_tokens=200,
                                                  details=None))).provenance
    assert (p.prompt_tokens, p.cached_tokens, p.completion_tokens) == (1300, 0, 200)


def feedback(grader: str = "openai", model: str | None = "gpt-4o-mini", prompt: int = 0, cached: int = 0,
             completion: int = 0, fallback: bool = False) -> Feedback:
    verdicts = [PointVerdict(point_id=p.id, verdict=Verdict.MISSING) for p in R.key_points]
    return Feedback(question_id=Q.id, score=0, verdicts=verdicts, provenance=Provenance(
        grader=grader, model=model, rubric_id=Q.id, rubric_hash=R.content_hash(), prompt_tokens=prompt,
        cached_tokens=cached, completion_tokens=completion, fallback=fallback))


def test_self_consistency_sums_every_samples_cached_tokens():
    combined = majority(R, [feedback(prompt=1500, cached=1024), feedback(prompt=1500, cached=0),
                            feedback(prompt=1500, cached=1280)])
    assert combined.provenance.cached_tokens == 2304 and combined.provenance.prompt_tokens == 4500


def test_cached_tokens_are_billed_at_the_cached_price_and_the_rest_at_the_prompt_price():
    cost = grading_cost([feedback(prompt=2_000_000, cached=1_000_000, completion=1_000_000)], {"gpt-4o-mini": MINI})
    # 1M uncached * 0.15 + 1M cached * 0.075 + 1M completion * 0.60
    assert cost.usd == pytest.approx(0.825)
    assert (cost.prompt_tokens, cost.cached_tokens, cost.completion_tokens, cost.grades) == (2_000_000, 1_000_000, 1_000_000, 1)


def test_without_a_cached_price_cached_tokens_cost_the_prompt_price():
    price = ModelPrice(prompt=2.0, completion=8.0)
    cost = grading_cost([feedback(prompt=1_000_000, cached=600_000, completion=0)], {"gpt-4o-mini": price})
    assert cost.usd == pytest.approx(2.0)


def test_an_interview_sums_main_and_follow_up_grades_and_offline_ones_are_free():
    graded = [
        feedback(prompt=12_000, cached=8_192, completion=900),   # main answer
        feedback(prompt=340, completion=120),                    # follow-up answer
        feedback(grader="offline", model=None),                  # offline grade
        feedback(grader="offline", model=None, fallback=True),   # the LLM failed; nothing recorded
        feedback(grader="gate", model=None),                     # "I don't know": no call at all
    ]
    cost = grading_cost(graded, {"gpt-4o-mini": MINI})
    assert (cost.prompt_tokens, cost.cached_tokens, cost.completion_tokens, cost.grades) == (12_340, 8_192, 1_020, 5)
    expected = (4_148 * 0.15 + 8_192 * 0.075 + 1_020 * 0.60) / 1_000_000
    assert cost.usd == pytest.approx(expected)
    assert cost.summary() == "12,340 prompt (8,192 cached) + 1,020 completion tokens, $0.0018"


def test_a_fallback_grade_counts_the_tokens_its_provenance_records():
    fallback = feedback(grader="offline", model="gpt-4o-mini", prompt=1_000, completion=500, fallback=True)
    cost = grading_cost([fallback], {"gpt-4o-mini": MINI})
    assert (cost.prompt_tokens, cost.completion_tokens) == (1_000, 500)
    assert cost.usd == pytest.approx((1_000 * 0.15 + 500 * 0.60) / 1_000_000)


def test_any_unpriced_model_leaves_the_cost_unknown_and_the_summary_names_it():
    graded = [feedback(prompt=100, completion=10), feedback(model="llama3.1:8b", prompt=200, completion=20),
              feedback(model="llama3.1:8b", prompt=1, completion=1), feedback(model=None, prompt=5, completion=5)]
    cost = grading_cost(graded, {"gpt-4o-mini": MINI})
    assert cost.usd is None and cost.unpriced_models == ("llama3.1:8b", "an unnamed model")
    assert cost.summary() == "306 prompt + 36 completion tokens (no price set for llama3.1:8b, an unnamed model)"


def test_with_no_prices_set_only_token_counts_are_shown():
    cost = grading_cost([feedback(prompt=100, completion=10)], {})
    assert cost.usd is None and cost.summary() == "100 prompt + 10 completion tokens (no price set for gpt-4o-mini)"


def test_a_model_priced_at_zero_is_free_and_offline_only_interviews_say_so():
    local = grading_cost([feedback(model="llama3.1:8b", prompt=100, completion=10)],
                         {"llama3.1:8b": ModelPrice(prompt=0, completion=0)})
    assert local.usd == 0 and local.summary() == "100 prompt + 10 completion tokens, $0"
    offline = grading_cost([feedback(grader="offline", model=None)], {})
    assert offline.usd == 0 and offline.summary() == "no LLM tokens used (offline grading is free)"


@pytest.mark.parametrize(("usd", "shown"), [(1234.5, "$1,234.50"), (1.0, "$1.00"), (0.00312, "$0.0031"),
                                            (0.00004, "under $0.0001")])
def test_summary_shows_dollars_to_a_useful_precision(usd, shown):
    assert GradingCost(prompt_tokens=1, grades=1, usd=usd).summary() == f"1 prompt + 0 completion tokens, {shown}"


def test_an_old_transcripts_provenance_without_cached_tokens_still_loads():
    old = {"grader": "openai", "model": "gpt-4o-mini", "endpoint_host": "api.openai.com", "prompt_version": "grade-3",
           "rubric_id": Q.id, "rubric_hash": "2690342b675bfa6d", "temperature": 0.0, "prompt_tokens": 900,
           "completion_tokens": 300, "latency_ms": 812.0, "fallback": False, "fallback_reason": None}
    assert Provenance.model_validate(old).cached_tokens == 0


def test_prices_load_from_the_config_file(isolated_environment):
    (isolated_environment / "config.toml").write_text(
        '[prices."gpt-4o-mini"]\nprompt = 0.15\ncompletion = 0.6\ncached = 0.075\n'
        '[prices."llama3.1:8b"]\nprompt = 0\ncompletion = 0\n')
    prices = load_settings().prices
    assert prices == {"gpt-4o-mini": MINI, "llama3.1:8b": ModelPrice(prompt=0, completion=0)}


def test_no_prices_by_default():
    assert load_settings().prices == {}


@pytest.mark.parametrize(("entry", "problem"), [
    ('[prices."gpt-4o-mini"]\nprompt = -1\ncompletion = 0.6\n', "gpt-4o-mini.prompt: Input should be greater than or equal to 0"),
    ('[prices."gpt-4o-mini"]\nprompt = 0.15\n', "gpt-4o-mini.completion: Field required"),
    ('[prices."gpt-4o-mini"]\nprompt = 0.15\ncompletion = 0.6\ninput = 1\n', "gpt-4o-mini.input: Extra inputs"),
    ('prices = {"gpt-4o-mini" = 0.15}\n', "gpt-4o-mini: expected a table like {prompt = 0.15"),
])
def test_a_bad_price_entry_is_a_clear_error_naming_the_file_and_the_model(isolated_environment, entry, problem):
    (isolated_environment / "config.toml").write_text(entry)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert f"`prices` in {isolated_environment / 'config.toml'}: {problem}" in caught.value.message


def test_saving_other_settings_keeps_the_prices_table(isolated_environment):
    path = isolated_environment / "config.toml"
    path.write_text('model = "gpt-4o-mini"\n[prices."gpt-4o-mini"]\nprompt = 0.15\ncompletion = 0.6\ncached = 0.075\n')
    update_config({"grader": "openai"}, path)
    settings = load_settings()
    assert settings.grader == "openai" and settings.prices == {"gpt-4o-mini": MINI}
