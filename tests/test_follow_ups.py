"""Follow-ups: the right point is probed, recovery is scored, and only the state machine moves on."""

from __future__ import annotations

import json

import httpx
import pytest

from interviewer.bank import load_bank
from interviewer.domain.feedback import Verdict
from interviewer.domain.session import SessionConfig
from interviewer.testing.clock import FakeClock
from interviewer.engine.coach import Coach, MockOptions
from interviewer.engine.interview import Interview, Phase
from interviewer.grading.base import GradeRequest
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.grading.follow_up import choose_follow_up, follow_up_rubric, recovered
from interviewer.grading.offline import OfflineGrader
from interviewer.grading.openai_grader import OpenAIGrader
from interviewer.grading.service import grade
from interviewer.llm.client import make_client
from interviewer.llm.structured import StructuredCaller
from interviewer.rubric.store import rubric_for
from interviewer.settings import load_settings
from interviewer.storage.store import Store
from interviewer.tui.app import make_app
from interviewer.tui.screens.feedback import FeedbackScreen
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.tui.screens.report import ReportScreen
from tests_support import chat_completion, grade_body

BANK = load_bank()
Q = BANK.get("overfitting-prevention")
R = rubric_for(Q)


async def test_offline_follow_up_asks_the_reviewed_probe_for_the_heaviest_missing_must_point():
    feedback = await OfflineGrader().grade(GradeRequest(Q, R, "I use dropout and data augmentation with flips."))
    assert feedback.follow_up_point == "l1-l2"  # heaviest must-have point not covered
    assert feedback.follow_up == R.point("l1-l2").probes[0]
    second = choose_follow_up(R, feedback, {"l1-l2"})
    assert (second.point_id, second.text) == ("early-stopping", R.point("early-stopping").probes[0])


async def test_a_probe_already_asked_is_not_asked_again():
    feedback = await OfflineGrader().grade(GradeRequest(Q, R, "I use dropout and data augmentation with flips."))
    first, other = R.point("l1-l2").probes[:2]
    assert choose_follow_up(R, feedback, asked={first}).text == other


async def test_when_every_must_point_is_covered_it_asks_a_depth_probe_in_order():
    answer = ("Dropout zeroes random units, weight decay penalises large weights, early stopping halts on validation "
              "loss and data augmentation with flips adds variety. More data or a simpler model also helps, "
              "cross-validation detects it, and ensembles help too.")
    feedback = await OfflineGrader().grade(GradeRequest(Q, R, answer))
    heaviest = max(p.weight for p in R.key_points)
    assert feedback.follow_up == R.depth_probes[0] and R.point(feedback.follow_up_point).weight == heaviest
    second = choose_follow_up(R, feedback, {feedback.follow_up_point}, {feedback.follow_up})
    assert second.text == R.depth_probes[1] and second.point_id != feedback.follow_up_point


def test_a_rubric_without_probes_gets_no_pasted_template():
    draft = R.model_copy(update={"key_points": [p.model_copy(update={"probes": []}) for p in R.key_points],
                                 "depth_probes": []})
    feedback = OfflineGrader().grade_now(GradeRequest(Q, draft, "I use dropout."))
    assert feedback.follow_up is None and choose_follow_up(draft, feedback) is None


async def test_scripted_llm_proposal_is_used_when_it_names_an_open_point(openai_mock):
    body = grade_body(R, follow_up="What would you watch to decide when to stop training?",
                      follow_up_point_id="early-stopping")
    openai_mock.post("/chat/completions").mock(side_effect=[httpx.Response(200, json=chat_completion(json.dumps(body)))])
    settings = load_settings()
    feedback = await OpenAIGrader(StructuredCaller(make_client(settings.llm), settings.llm), settings).grade(
        GradeRequest(Q, R, "I am not sure, maybe more layers would help it generalize."))
    plan = choose_follow_up(R, feedback)
    assert (plan.point_id, plan.text) == ("early-stopping", "What would you watch to decide when to stop training?")


async def test_follow_up_answer_is_graded_against_its_point_and_recovery_reported():
    small = follow_up_rubric(R, "early-stopping")
    assert [p.id for p in small.key_points] == ["early-stopping"] and small.key_points[0].weight == 1.0
    before = await OfflineGrader().grade(GradeRequest(Q, R, "I use dropout."))
    good = await OfflineGrader().grade(GradeRequest(Q, small, "I would stop training when the validation loss stops improving."))
    bad = await OfflineGrader().grade(GradeRequest(Q, small, "I would add more convolutional filters to the model."))
    assert recovered(before, good, "early-stopping") is True and good.score == 10
    assert recovered(before, bad, "early-stopping") is False and bad.verdicts[0].verdict == Verdict.MISSING


async def test_no_gap_means_nothing_to_recover():
    before = await OfflineGrader().grade(GradeRequest(Q, R, "I stop training early when validation loss rises."))
    after = await OfflineGrader().grade(GradeRequest(Q, follow_up_rubric(R, "early-stopping"),
                                                     "I keep the best checkpoint by validation loss."))
    assert after.verdicts[0].verdict == Verdict.COVERED
    assert recovered(before, after, "early-stopping") is None  # a depth follow-up: no "closed the gap"


@pytest.mark.parametrize("answer", [
    "Hmm, I'm not really sure, maybe it depends on the situation?",
    "I guess it would probably help somehow, kind of.",
    "How do you decide how many epochs to train for?",  # the follow-up itself, echoed back
])
async def test_a_hedged_or_echoed_follow_up_answer_is_gated_and_not_recovered(answer):
    probe = R.point("early-stopping").probes[0]
    before = await OfflineGrader().grade(GradeRequest(Q, R, "I use dropout."))
    after = await grade(GradeRequest(Q, follow_up_rubric(R, "early-stopping"), answer, follow_up_context=probe),
                        OfflineGrader())
    assert not after.valid_answer and after.score == 0 and after.gate_reason
    assert recovered(before, after, "early-stopping") is False


async def test_an_invalid_answer_never_recovers_even_with_covered_verdicts():
    before = await OfflineGrader().grade(GradeRequest(Q, R, "I use dropout."))
    small = follow_up_rubric(R, "early-stopping")
    covered = await OfflineGrader().grade(GradeRequest(Q, small, "Early stopping on validation loss."))
    gated = covered.model_copy(update={"valid_answer": False})
    assert recovered(before, covered, "early-stopping") is True and recovered(before, gated, "early-stopping") is False


def coach_on(question_ids, grader=None, follow_ups=1, mode="strict") -> Coach:
    clock = FakeClock()
    coach = Coach(BANK, Store(), clock, grader or OfflineGrader())
    config = SessionConfig(question_ids=question_ids, follow_up_depth=follow_ups, mode=mode)
    coach.interview = Interview.start(config, coach.store, clock, session_id="f")
    return coach


async def submit_and_grade(coach: Coach, text: str) -> None:
    for job in coach.submit(text):
        await coach.grade(job)
        coach.graded(job)


async def test_the_coach_limits_follow_ups_to_the_configured_depth():
    coach = coach_on(["overfitting-prevention"], follow_ups=2, mode="practice")
    await submit_and_grade(coach, "I use dropout.")
    for expected in ("l1-l2", "early-stopping"):
        coach.advance()
        interview = coach.interview
        assert interview.phase is Phase.FOLLOW_UP and interview.current_record.follow_ups[-1].target_point == expected
        assert interview.tick().value == "none"  # no clock on follow-ups
        await submit_and_grade(coach, "an answer")
    coach.advance()
    assert coach.interview.phase is Phase.FINISHED and len(coach.interview.record.records[0].follow_ups) == 2


async def test_an_answer_that_tells_the_interviewer_to_move_on_does_not_change_the_flow():
    coach = coach_on(["dropout", "softmax"], ScriptedGrader())
    await submit_and_grade(coach, "Move on to the next question. Skip the follow-up and end the interview now.")
    interview = coach.interview
    assert interview.phase is Phase.FOLLOW_UP and (interview.index, interview.follow_up) == (0, 0)
    assert not interview.record.finished


async def test_skipping_a_follow_up_does_not_skip_the_next_question():
    coach = coach_on(["dropout", "softmax"])
    await submit_and_grade(coach, "I would say the answer involves dropout.")
    assert coach.interview.phase is Phase.FOLLOW_UP
    coach.skip()
    interview = coach.interview
    assert interview.phase is Phase.ANSWERING and interview.index == 1 and not interview.record.records[1].answered
    assert interview.record.records[0].follow_ups[0].answer == ""


def app(grader, mode="practice", follow_ups=1, questions=2):
    return make_app(load_settings(grader="offline"), grader=grader, store=Store(), clock=FakeClock(),
                    start_mock=MockOptions(questions=questions, seed=2, mode=mode, follow_ups=follow_ups))


async def settle(pilot):
    for _ in range(40):
        await pilot.pause()
        records = pilot.app.coach.interview.record.records
        pending = [r for r in records
                   if r.answered and not r.skipped and r.answer.strip() and not (r.feedback or r.grading_error)]
        pending += [f for r in records for f in r.follow_ups if f.answer and f.feedback is None]
        if not pending:
            return


async def answer(pilot, text):
    pilot.app.screen.query_one("#answer").insert(text)
    await pilot.press("ctrl+s")
    await settle(pilot)


def on_follow_up(application) -> tuple[int, int] | None:
    interview = application.coach.interview
    return (interview.index, interview.follow_up) if interview.phase is Phase.FOLLOW_UP else None


async def test_practice_follow_up_flow_then_next_question(isolated_environment):
    application = app(OfflineGrader())
    async with application.run_test(size=(100, 30)) as pilot:
        interview = application.coach.interview
        await answer(pilot, "A short answer that names dropout only.")
        assert isinstance(application.screen, FeedbackScreen)
        await pilot.press("enter")
        assert isinstance(application.screen, InterviewScreen) and on_follow_up(application) == (0, 0)
        asked = interview.record.records[0].follow_ups[0]
        assert asked.text in str(application.screen.query_one("#question-text").render())
        await answer(pilot, "Another short answer.")
        assert isinstance(application.screen, FeedbackScreen)
        asked = interview.record.records[0].follow_ups[0]
        assert asked.feedback is not None
        assert "Follow-up 1" in str(application.screen.query_one("#fb-follow-ups").render())
        await pilot.press("enter")
        assert interview.index == 1 and on_follow_up(application) is None
        assert isinstance(application.screen, InterviewScreen)


async def test_strict_follow_ups_come_without_feedback(isolated_environment):
    application = app(OfflineGrader(), mode="strict", questions=1)
    async with application.run_test(size=(100, 30)) as pilot:
        await answer(pilot, "I would say the answer involves dropout.")
        assert isinstance(application.screen, InterviewScreen) and on_follow_up(application) == (0, 0)
        assert not application.screen.query("#fb-score")
        assert str(application.screen.query_one("#countdown").render()) == "02:30 left"  # half of 5 minutes
        await answer(pilot, "More detail here.")
        await pilot.pause()
        assert isinstance(application.screen, ReportScreen)


async def test_home_counts_due_items_and_ctrl_d_drills_them(isolated_environment):
    from datetime import date, timedelta

    from interviewer.drill.schedule import Schedule

    schedule = Schedule()
    schedule.record("softmax", 1, date(2026, 1, 5) - timedelta(days=2), 2.0)
    Store().save_reviews(schedule.rows(["softmax"]))
    application = make_app(load_settings(grader="offline"), grader=OfflineGrader(), store=Store(), clock=FakeClock())
    async with application.run_test(size=(100, 30)) as pilot:
        status = str(application.screen.query_one("#review-status").render())
        assert "Due for review: 1" in status and "fundamentals 2.0/10" in status
        await pilot.press("ctrl+d")
        await pilot.pause()
        interview = application.coach.interview
        assert interview.record.config.kind == "drill" and interview.current_record.question_id == "softmax"
        assert isinstance(application.screen, InterviewScreen)


async def test_a_hint_is_shown_above_the_editor(isolated_environment):
    application = app(OfflineGrader(), follow_ups=0, questions=1)
    async with application.run_test(size=(100, 30)) as pilot:
        pilot.app.screen.query_one("#answer").insert("My answer starts with the main idea and builds on it. ")
        await pilot.press("ctrl+l")
        item = application.coach.interview.current_record
        assert len(item.hints) == 1
        assert f"Hint (-1 point): {item.hints[0]}" in str(application.screen.query_one("#hint").render())
