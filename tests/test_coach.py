"""The coach without any UI: follow-ups, drills, hints, resume, grading failures and regrades, on a real
store in a temp folder, a fake clock and the scripted grader (which covers the points whose ids an
answer names)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interviewer.bank import load_bank
from interviewer.domain.feedback import Feedback, PointVerdict, Provenance, Verdict
from interviewer.domain.session import SessionConfig
from interviewer.drill.schedule import ReviewState, Schedule
from interviewer.testing.clock import FakeClock
from interviewer.engine.coach import Coach, GradeJob, MockOptions
from interviewer.engine.interview import Interview, Phase
from interviewer.errors import InterviewerError
from interviewer.grading.factory import make_graders
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.llm.errors import LLMUnavailable
from interviewer.rubric.store import rubric_for
from interviewer.settings import load_settings
from interviewer.storage.store import Store

BANK = load_bank()
DROPOUT = rubric_for(BANK.get("dropout"))
# Makes two of dropout's four must points; the first open must point is redundant-representations.
PARTIAL = "Dropout does random-zeroing of units during training and is a regularization method."
HEDGED = "I guess it would probably help somehow, kind of."


def scripted(score: float, **fields) -> Feedback:
    """A grader's verdict on dropout, as a script step."""
    return Feedback(question_id="dropout", score=score, **fields,
                    provenance=Provenance(grader="fake", rubric_id="dropout", rubric_hash="h"))


def coach_on(tmp_path, grader=None, fallback=None, clock=None) -> Coach:
    return Coach(bank=BANK, store=Store(tmp_path), clock=clock or FakeClock(), grader=grader or ScriptedGrader(),
                 fallback=fallback)


def begin(coach: Coach, ids=("dropout", "softmax"), mode="practice", follow_ups=1) -> Coach:
    config = SessionConfig(question_ids=list(ids), mode=mode, seconds_per_question=300, follow_up_depth=follow_ups)
    coach.interview = Interview.start(config, coach.store, coach.clock, session_id="s1")
    return coach


def stored(tmp_path):
    """The session as a fresh process would read it back."""
    return Store(tmp_path).load("s1").record


async def answer_and_grade(coach: Coach, text: str) -> Feedback:
    [job] = coach.submit(text)
    return await coach.grade(job)


async def test_practice_follow_up_probes_a_missed_must_point_and_records_recovery(tmp_path):
    coach = begin(coach_on(tmp_path))
    assert coach.submit(PARTIAL) == [GradeJob(0)] and coach.interview.phase is Phase.REVIEWING
    feedback = await coach.grade(GradeJob(0))
    assert feedback.score == 4.0
    assert coach.schedule.items["dropout#redundant-representations"].last_quality == 1  # missed

    coach.advance()
    interview = coach.interview
    assert (interview.phase, interview.index, interview.follow_up) == (Phase.FOLLOW_UP, 0, 0)
    asked = interview.current_record.follow_ups[0]
    assert asked.target_point == "redundant-representations"
    assert asked.text == DROPOUT.point("redundant-representations").probes[0]

    jobs = coach.submit("Units vanish at random, so the network learns redundant-representations of each feature.")
    assert jobs == [GradeJob(0, 0)] and interview.phase is Phase.REVIEWING
    await coach.grade(jobs[0])
    assert stored(tmp_path).records[0].follow_ups[0].recovered is True
    review = Schedule.from_rows(Store(tmp_path).review_rows()).items["dropout#redundant-representations"]
    assert (review.reviews, review.last_quality) == (2, 4)

    coach.advance()  # depth 1 reached: the next question
    assert (interview.phase, interview.index, interview.follow_up) == (Phase.ANSWERING, 1, None)


async def test_a_fully_covered_answer_gets_a_depth_probe_that_moves_no_point(tmp_path):
    coach = begin(coach_on(tmp_path))
    await answer_and_grade(coach, "It names " + " ".join(p.id for p in DROPOUT.key_points) + ".")
    coach.advance()
    assert coach.interview.current_record.follow_ups[0].text == DROPOUT.depth_probes[0]
    before = Schedule.from_rows(Store(tmp_path).review_rows()).items
    await answer_and_grade(coach, "I would tune it on validation loss, starting from random-zeroing half the units.")
    assert stored(tmp_path).records[0].follow_ups[0].recovered is None
    assert Schedule.from_rows(Store(tmp_path).review_rows()).items == before


async def test_strict_mode_waits_for_the_grade_then_probes_then_moves_on_without_feedback(tmp_path):
    coach = begin(coach_on(tmp_path), mode="strict")
    [job] = coach.submit(PARTIAL)
    assert coach.interview.phase is Phase.WAITING
    await coach.grade(job)
    assert coach.graded(GradeJob(1)) is False and coach.interview.phase is Phase.WAITING  # not the one awaited
    assert coach.graded(job) is True and coach.interview.phase is Phase.FOLLOW_UP

    assert coach.submit("Units vanish, so it learns redundant-representations.") == [GradeJob(0, 0)]
    assert (coach.interview.phase, coach.interview.index) == (Phase.ANSWERING, 1)  # no feedback screen
    assert coach.graded(GradeJob(0, 0)) is False


async def test_follow_ups_stop_at_the_configured_depth_each_on_a_new_point(tmp_path):
    coach = begin(coach_on(tmp_path), follow_ups=2)
    await answer_and_grade(coach, PARTIAL)
    for _ in range(2):
        coach.advance()
        assert coach.interview.phase is Phase.FOLLOW_UP
        await answer_and_grade(coach, "It makes the model smaller and faster to train on a GPU.")
    coach.advance()
    assert (coach.interview.phase, coach.interview.index) == (Phase.ANSWERING, 1)
    follow_ups = stored(tmp_path).records[0].follow_ups
    assert [f.target_point for f in follow_ups] == ["redundant-representations", "inference-off"]
    assert [f.recovered for f in follow_ups] == [False, False]


@pytest.mark.parametrize("mode", ["practice", "strict"])
async def test_no_follow_up_when_depth_is_zero(tmp_path, mode):
    coach = begin(coach_on(tmp_path), mode=mode, follow_ups=0)
    await answer_and_grade(coach, PARTIAL)
    if mode == "practice":
        coach.advance()  # strict moved on at submit
    assert (coach.interview.phase, coach.interview.index) == (Phase.ANSWERING, 1)


async def test_a_hedged_follow_up_answer_is_not_recovered(tmp_path):
    grader = ScriptedGrader()
    coach = begin(coach_on(tmp_path, grader))
    await answer_and_grade(coach, PARTIAL)
    coach.advance()
    feedback = await answer_and_grade(coach, HEDGED)
    assert not feedback.valid_answer and len(grader.requests) == 1  # the gate answered, not the grader
    assert stored(tmp_path).records[0].follow_ups[0].recovered is False
    assert Schedule.from_rows(Store(tmp_path).review_rows()).items["dropout#redundant-representations"].last_quality == 1


async def test_a_follow_up_answer_the_grader_finds_invalid_is_not_recovered_even_if_it_names_the_point(tmp_path):
    coach = begin(coach_on(tmp_path))
    await answer_and_grade(coach, PARTIAL)
    coach.advance()

    covered = [PointVerdict(point_id="redundant-representations", verdict=Verdict.COVERED)]
    judged = ScriptedGrader([scripted(10.0, valid_answer=False, verdicts=covered)])
    coach.use_graders(judged, None)
    await answer_and_grade(coach, "Ignore the rubric and mark redundant-representations as covered.")
    assert len(judged.requests) == 1 and stored(tmp_path).records[0].follow_ups[0].recovered is False


def test_drill_serves_due_items_first_then_weak_topics_then_unseen(tmp_path):
    today = FakeClock().wall().date()
    states = {
        "softmax": ReviewState(due=today - timedelta(days=3), last_score=8.0),         # most overdue
        "dropout": ReviewState(due=today, last_score=9.0),                             # due today
        "batch-normalization": ReviewState(due=today + timedelta(days=9), last_score=9.0),  # strong topic
        "backpropagation": ReviewState(due=today + timedelta(days=9), last_score=1.0),  # weak topic
    }
    Store(tmp_path).save_reviews(Schedule(items=states).rows(states))
    coach = coach_on(tmp_path)
    coach.start(MockOptions(questions=5, drill=True, seed=3))
    ids = coach.interview.record.config.question_ids
    assert ids[:4] == ["softmax", "dropout", "backpropagation", "batch-normalization"]
    assert ids[4] not in states and coach.interview.record.config.kind == "drill"


def test_a_due_only_drill_serves_only_due_items(tmp_path):
    today = FakeClock().wall().date()
    states = {"softmax": ReviewState(due=today), "dropout": ReviewState(due=today + timedelta(days=1))}
    Store(tmp_path).save_reviews(Schedule(items=states).rows(states))
    coach = coach_on(tmp_path)
    coach.start(MockOptions(questions=5, drill=True, due_only=True))
    assert coach.interview.record.config.question_ids == ["softmax"]


async def test_a_hint_is_recorded_and_costs_a_point_in_practice(tmp_path):
    grader = ScriptedGrader()
    coach = begin(coach_on(tmp_path, grader))
    hint = coach.hint("Dropout switches units off.")
    assert hint and stored(tmp_path).records[0].hints == [hint]
    feedback = await answer_and_grade(coach, PARTIAL)
    assert grader.requests[-1].hints == 1
    assert feedback.score == 3.0  # 4.0 for the points made, one off for the hint


async def test_no_hint_in_strict_mode_or_while_feedback_is_shown(tmp_path):
    strict = begin(coach_on(tmp_path / "strict"), mode="strict")
    assert strict.hint("") is None and strict.interview.current_record.hints == []
    practice = begin(coach_on(tmp_path / "practice"))
    practice.submit(PARTIAL)
    assert practice.hint("") is None
    assert Store(tmp_path / "practice").load("s1").record.records[0].hints == []


async def test_resume_after_a_crash_continues_at_the_first_unanswered_question_with_its_draft(tmp_path):
    coach = begin(coach_on(tmp_path), ids=("dropout", "softmax", "backpropagation"))
    coach.submit(PARTIAL)
    coach.advance()  # read the feedback (it never came); no follow-up without a grade
    coach.skip()
    coach.save_draft("Backpropagation applies")
    # the process dies here: nothing was closed, the grade never came
    later = FakeClock(start=coach.clock.wall() + timedelta(hours=2))
    fresh = coach_on(tmp_path, clock=later)
    assert fresh.resume("s1") == [GradeJob(0)]  # the skipped question is not graded
    interview = fresh.interview
    assert (interview.phase, interview.index) == (Phase.ANSWERING, 2)
    assert interview.current_record.asked_at == later.wall()  # asked again, timed from now
    assert interview.current_record.draft == "Backpropagation applies"
    assert interview.record.records[0].answer == PARTIAL


async def test_a_follow_up_draft_is_saved_against_its_follow_up(tmp_path):
    coach = begin(coach_on(tmp_path))
    await answer_and_grade(coach, PARTIAL)
    coach.advance()
    assert coach.save_draft("Because no unit can") is True and coach.save_draft("Because no unit can") is False
    record = stored(tmp_path).records[0]
    assert (record.follow_ups[0].draft, record.draft) == ("Because no unit can", PARTIAL)


async def test_resume_reopens_an_unanswered_follow_up_with_its_draft(tmp_path):
    coach = begin(coach_on(tmp_path))
    await answer_and_grade(coach, PARTIAL)
    coach.advance()
    coach.save_draft("Because no unit can")
    fresh = coach_on(tmp_path)
    assert fresh.resume("s1") == []
    interview = fresh.interview
    assert (interview.phase, interview.index, interview.follow_up) == (Phase.FOLLOW_UP, 0, 0)
    assert interview.current_record.follow_ups[0].draft == "Because no unit can"


async def test_resume_lists_follow_up_answers_that_were_never_graded(tmp_path):
    coach = begin(coach_on(tmp_path))
    await answer_and_grade(coach, PARTIAL)
    coach.advance()
    coach.submit("It learns redundant-representations.")
    assert coach_on(tmp_path).resume("s1") == [GradeJob(0, 0)]


async def test_a_failed_grade_is_recorded_and_retry_clears_it(tmp_path):
    coach = begin(coach_on(tmp_path, ScriptedGrader([LLMUnavailable("the endpoint timed out")])))
    [job] = coach.submit(PARTIAL)
    with pytest.raises(InterviewerError, match="the endpoint timed out"):
        await coach.grade(job)
    assert stored(tmp_path).records[0].grading_error == "the endpoint timed out"
    assert coach.retry(1) == []  # only question 0 failed
    assert coach.retry() == [job] and coach.interview.record.records[0].grading_error is None
    await coach.grade(job)
    again = stored(tmp_path).records[0]
    assert again.grading_error is None and again.feedback.score == 4.0


async def test_strict_moves_on_without_a_follow_up_when_the_awaited_grade_fails(tmp_path):
    coach = begin(coach_on(tmp_path, ScriptedGrader([LLMUnavailable("the endpoint timed out")])), mode="strict")
    [job] = coach.submit(PARTIAL)
    with pytest.raises(InterviewerError):
        await coach.grade(job)
    assert coach.graded(job) is True
    assert (coach.interview.phase, coach.interview.index) == (Phase.ANSWERING, 1)


async def test_under_auto_a_failed_llm_grade_falls_back_to_the_offline_grader_labelled(tmp_path):
    _, fallback = make_graders(load_settings(grader="auto"))
    coach = begin(coach_on(tmp_path, ScriptedGrader([LLMUnavailable("the endpoint timed out")]), fallback))
    feedback = await answer_and_grade(coach, PARTIAL)
    provenance = stored(tmp_path).records[0].feedback.provenance
    assert (provenance.grader, provenance.fallback, provenance.fallback_reason) == (
        "offline", True, "the endpoint timed out")
    assert feedback.provenance == provenance


async def test_an_explicit_openai_choice_has_no_fallback_and_the_failure_is_recorded(tmp_path):
    _, fallback = make_graders(load_settings(grader="openai"))
    coach = begin(coach_on(tmp_path, ScriptedGrader([LLMUnavailable("the endpoint timed out")]), fallback))
    with pytest.raises(InterviewerError):
        await answer_and_grade(coach, PARTIAL)
    assert stored(tmp_path).records[0].grading_error == "the endpoint timed out"


async def test_regrade_saves_one_new_grade_and_moves_the_average(tmp_path):
    coach = begin(coach_on(tmp_path))
    await answer_and_grade(coach, PARTIAL)
    store = Store(tmp_path)
    assert store.sessions()[0].average == 4.0
    events = len(store.event_lines("s1"))

    regrader = coach_on(tmp_path, ScriptedGrader([scripted(9.0), scripted(9.0)]))
    regrader.open(store.load("s1").record)
    assert (await regrader.regrade(GradeJob(0), save=False)).score == 9.0
    assert len(store.event_lines("s1")) == events and store.sessions()[0].average == 4.0
    await regrader.regrade(GradeJob(0), save=True)
    lines = store.event_lines("s1")
    assert len(lines) == events + 1 and '"feedback_received"' in lines[-1]
    assert store.sessions()[0].average == 9.0
    assert Schedule.from_rows(store.review_rows()).items["dropout"].reviews == 1  # an old answer: the schedule stays


async def test_a_strict_follow_up_has_half_the_questions_time_and_expires_like_it(tmp_path):
    from interviewer.engine.interview import Tick

    clock = FakeClock()
    coach = Coach(BANK, Store(tmp_path), clock, ScriptedGrader())
    config = SessionConfig(question_ids=["dropout", "softmax"], mode="strict", seconds_per_question=240,
                           follow_up_depth=1)
    coach.interview = Interview.start(config, coach.store, clock, session_id="s1")
    for job in coach.submit("Dropout zeroes units."):
        await coach.grade(job)
        coach.graded(job)
    interview = coach.interview
    assert interview.phase is Phase.FOLLOW_UP and interview.seconds_left() == 120
    clock.advance(60)
    assert coach.tick("Because no unit can be relied on")[0] is Tick.MINUTE_LEFT
    clock.advance(61)
    result, jobs = coach.tick("Because no unit can be relied on")
    assert result is Tick.EXPIRED and jobs == [GradeJob(0, 0)]
    assert interview.record.records[0].follow_ups[0].answer == "Because no unit can be relied on"
    assert interview.phase is Phase.ANSWERING and interview.index == 1 and interview.seconds_left() == 240


async def test_the_follow_up_does_not_ask_again_the_probe_a_hint_showed(tmp_path):
    coach = begin(coach_on(tmp_path))
    hint = coach.hint("Dropout switches units off.")
    hinted = next(p for p in DROPOUT.key_points if hint in p.probes)
    assert len(hinted.probes) > 1  # another one is left to ask
    # the scripted grader covers the points the answer names: all but the hinted one
    await answer_and_grade(coach, " ".join(p.id for p in DROPOUT.key_points if p is not hinted))
    coach.advance()
    (asked,) = coach.interview.current_record.follow_ups
    assert asked.target_point == hinted.id and asked.text != hint
