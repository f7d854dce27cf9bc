"""Reviewing verdicts in the app, keyboard only: on the feedback screen (practice) and the report (strict, or a
past interview); the score, the follow-up, the schedule and the report follow, and the review survives a quit."""

from __future__ import annotations

from textual.widgets import DataTable

from interviewer.domain.feedback import Verdict
from interviewer.drill.schedule import Schedule
from interviewer.engine.coach import MockOptions
from interviewer.engine.interview import Phase
from interviewer.grading.offline import OfflineGrader
from interviewer.rubric.store import rubric_for
from interviewer.settings import load_settings
from interviewer.storage.store import Store
from interviewer.testing.clock import FakeClock
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.tui.app import make_app
from interviewer.tui.screens.feedback import FeedbackScreen
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.presentation.report import weakest_points
from interviewer.tui.screens.report import ReportScreen
from interviewer.tui.screens.review import ReviewScreen
from test_tui import type_answer, wait_for_grades

ANSWER = "It keeps the network from relying on any single path, which helps it generalise to data it has not seen."


def app_for(mode="practice", follow_ups=1):
    options = MockOptions(questions=1, seed=1, mode=mode, minutes_per_question=5, follow_ups=follow_ups,
                          topics=("regularization",))
    return make_app(load_settings(grader="offline"), grader=ScriptedGrader(), store=Store(), clock=FakeClock(),
                    start_mock=options)


async def answer_and_wait(pilot) -> None:
    await type_answer(pilot, ANSWER)
    await pilot.press("ctrl+s")
    await wait_for_grades(pilot)


async def test_two_changed_verdicts_move_score_follow_up_schedule_and_report_and_survive_a_quit(isolated_environment):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_and_wait(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        record = app.coach.live.record
        item = record.records[0]
        rubric = rubric_for(app.bank.get(item.question_id))
        grader_score = item.feedback.score
        first = app.coach._follow_up_plan(0).point_id  # the open point the follow-up would probe
        order = [p.id for p in rubric.key_points]
        second = order[order.index(first) + 1]

        await pilot.press("v")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press(*["down"] * order.index(first), "c", "down", "p", "e", *"I said it", "enter")
        await pilot.pause()
        assert {p: r.verdict for p, r in item.reviews.items()} == {first: Verdict.COVERED, second: Verdict.PARTIAL}
        assert item.reviews[second].reason == "I said it"
        assert "reviewed by you; the grader said" in str(app.screen.query_one("#review-heading").render())
        await pilot.press("escape")
        assert isinstance(app.screen, FeedbackScreen)
        shown = str(app.screen.query_one("#fb-score").render())
        assert f"{item.feedback.score:g}/10, reviewed by you; the grader said {grader_score:g}" in shown
        assert item.feedback.score > grader_score
        schedule = Schedule.from_rows(Store().review_rows()).items
        assert schedule[f"{item.question_id}#{first}"].last_quality == 5

        await pilot.press("enter")  # on to the follow-up: not on the point now covered
        await pilot.pause()
        assert app.coach.live.phase is Phase.FOLLOW_UP
        assert app.coach.live.record.records[0].follow_ups[0].target_point not in (first,)
        await pilot.press("ctrl+q")
        await pilot.pause()

    app = make_app(load_settings(grader="offline"), grader=OfflineGrader(), store=Store(), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        item = app.coach.live.record.records[0]
        assert set(item.reviews) == {first, second} and item.grader_feedback.score == grader_score
        weak = [statement for _, statement in weakest_points(app.coach.live.record, app.bank, app.coach.rubrics)]
        assert rubric.point(first).statement not in weak  # the report's weakest points follow the review


async def test_strict_mode_offers_review_only_at_the_report(isolated_environment):
    app = app_for(mode="strict", follow_ups=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_and_wait(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)  # the one question answered: straight to the report
        item = app.coach.live.record.records[0]
        before = item.feedback.score
        await pilot.press("v")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen) and item.reviewed
        cell = app.screen.query_one(DataTable).get_row_at(0)[3]
        assert cell == f"{item.feedback.score:g}/10 ✎" and item.feedback.score >= before


def test_review_is_not_offered_in_the_middle_of_a_strict_interview():
    from interviewer.domain.feedback import Feedback, Provenance
    from interviewer.domain.session import QuestionRecord, SessionConfig, SessionRecord
    from interviewer.presentation.review import reviewable
    from interviewer.testing.clock import FakeClock as Clock

    grade = Feedback(question_id="dropout", score=5, provenance=Provenance(grader="fake", rubric_id="d", rubric_hash="h"))
    record = SessionRecord(id="s", started_at=Clock().wall(), config=SessionConfig(question_ids=["dropout"], mode="strict"),
                           records=[QuestionRecord(question_id="dropout", answer="a", feedback=grade)])
    assert not reviewable(record, 0, live=True) and reviewable(record, 0, live=False)
    record.ended_at = Clock().wall()
    assert reviewable(record, 0, live=True)
