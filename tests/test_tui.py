"""The app driven with Pilot: whole interviews, timer expiry via the fake clock, grading failure and retry."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import DataTable, Input, OptionList, TextArea

from interviewer.testing.clock import FakeClock
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.grading.offline import OfflineGrader
from interviewer.llm.errors import LLMUnavailable
from interviewer.settings import load_settings
from interviewer.engine.coach import GradeJob, MockOptions
from interviewer.storage.store import Store
from interviewer.tui.app import make_app
from interviewer.tui.screens.feedback import FeedbackScreen
from interviewer.tui.screens.home import HomeScreen
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.tui.screens.report import ReportScreen

ANSWERS = [
    "Dropout randomly zeroes units during training to regularize the network; at inference it is turned off.",
    "Softmax turns logits into a probability distribution that sums to one, used in the output layer.",
    "Backpropagation applies the chain rule to get gradients of the loss; an optimizer like SGD updates the weights.",
]


def app_for(grader=None, mode="practice", clock=None, **options):
    options = {"questions": 3, "seed": 1, "mode": mode, "minutes_per_question": 5, "follow_ups": 0, **options}
    return make_app(load_settings(grader="offline"), grader=grader or OfflineGrader(), store=Store(),
                    clock=clock or FakeClock(), start_mock=MockOptions(**options))


async def type_answer(pilot, text: str) -> None:
    editor = pilot.app.screen.query_one("#answer", TextArea)
    editor.focus()
    editor.insert(text)
    await pilot.pause()


async def wait_for_grades(pilot) -> None:
    for _ in range(50):
        await pilot.pause()
        records = pilot.app.coach.interview.record.records
        if all(r.feedback or r.grading_error or not r.answered or r.skipped for r in records):
            return
    raise AssertionError("grading did not finish")


@pytest.mark.parametrize("grader_factory", [OfflineGrader, ScriptedGrader], ids=["offline", "scripted"])
async def test_full_practice_interview(grader_factory, isolated_environment):
    app = app_for(grader_factory())
    async with app.run_test(size=(100, 30)) as pilot:
        for answer in ANSWERS:
            assert isinstance(app.screen, InterviewScreen)
            await type_answer(pilot, answer)
            await pilot.press("ctrl+s")
            await wait_for_grades(pilot)
            assert isinstance(app.screen, FeedbackScreen)
            assert "Score" in str(app.screen.query_one("#fb-score").render())
            await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.query_one(DataTable).row_count == 3
        session_id = app.coach.interview.record.id
    record = Store().load(session_id).record
    assert [r.answer for r in record.records] == ANSWERS and all(r.feedback for r in record.records)
    assert record.finished


@pytest.mark.parametrize("grader_factory", [OfflineGrader, ScriptedGrader], ids=["offline", "scripted"])
async def test_strict_interview_shows_no_feedback_until_the_report(grader_factory, isolated_environment):
    app = app_for(grader_factory(), mode="strict")
    async with app.run_test(size=(100, 30)) as pilot:
        for answer in ANSWERS:
            assert isinstance(app.screen, InterviewScreen)
            await type_answer(pilot, answer)
            await pilot.press("ctrl+s")
            await pilot.pause()
        await wait_for_grades(pilot)
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, FeedbackScreen)


async def test_timer_expiry_in_strict_mode_submits_the_draft(isolated_environment):
    clock = FakeClock()
    app = app_for(mode="strict", clock=clock, minutes_per_question=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_answer(pilot, "Half an answer about dropout.")
        clock.advance(61)
        app.screen.check_time()
        await pilot.pause()
        first = app.coach.interview.record.records[0]
        assert first.answer == "Half an answer about dropout." and first.over_time
        assert app.coach.interview.index == 1 and isinstance(app.screen, InterviewScreen)


async def test_grading_failure_keeps_the_answer_and_retries(isolated_environment):
    grader = ScriptedGrader([LLMUnavailable("api.openai.com answered HTTP 503 after retries")])
    app = app_for(grader)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_answer(pilot, ANSWERS[0])
        await pilot.press("ctrl+s")
        await wait_for_grades(pilot)
        item = app.coach.interview.record.records[0]
        assert item.grading_error and item.answer == ANSWERS[0] and item.feedback is None
        assert "Grading failed" in str(app.screen.query_one("#fb-error").render())
        await pilot.press("r")
        await wait_for_grades(pilot)
        item = app.coach.interview.record.records[0]
        assert item.feedback is not None and len(grader.requests) == 2
        assert "Score" in str(app.screen.query_one("#fb-score").render())


async def test_the_form_chooses_the_mock_and_home_remembers_it(isolated_environment):
    from interviewer.tui.screens.new_interview import NewInterviewScreen

    app = make_app(load_settings(grader="offline"), grader=OfflineGrader(), store=Store(), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert "OFFLINE" in str(app.screen.query_one("#grader-status").render())
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NewInterviewScreen)
        app.screen.query_one("#questions", Input).value = "2"
        app.screen.query_one("#minutes", Input).value = ""
        await pilot.press("escape")  # back home: the choice is kept and shown
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "2 questions · no time limit · practice" in str(app.screen.query_one("#next-mock").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen) and app.coach.interview.total == 2
        assert app.coach.interview.record.config.seconds_per_question is None


async def test_each_action_on_the_home_screen_is_a_line_that_a_click_runs(isolated_environment):
    from interviewer.tui.screens.transcripts import TranscriptsScreen

    app = make_app(load_settings(grader="offline"), grader=OfflineGrader(), store=Store(), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        lines = str(app.screen.query_one("#home-menu").render()).splitlines()
        assert [line.split()[0] for line in lines] == ["ctrl+s", "ctrl+n", "ctrl+d", "ctrl+o", "ctrl+g", "ctrl+e",
                                                      "ctrl+p"]  # no resume line: nothing was interrupted
        await pilot.click("#home-menu", offset=(12, next(i for i, line in enumerate(lines) if "History" in line)))
        await pilot.pause()
        assert isinstance(app.screen, TranscriptsScreen)


def test_home_offers_again_the_mock_the_command_line_started_with_new_questions(isolated_environment):
    chosen = MockOptions(questions=2, minutes_per_question=3, mode="strict", seed=4)
    kwargs = dict(grader=OfflineGrader(), store=Store(), clock=FakeClock())
    again = make_app(load_settings(grader="offline"), start_mock=chosen, **kwargs).mock_options
    assert again.summary.startswith("2 questions · 3 min each · strict") and again.seed is None
    drilled = make_app(load_settings(grader="offline"), start_mock=MockOptions(drill=True), **kwargs).mock_options
    assert drilled == MockOptions()


async def test_the_form_refuses_a_wrong_number_and_starts_nothing(isolated_environment):
    from interviewer.tui.screens.new_interview import NewInterviewScreen

    app = make_app(load_settings(grader="offline"), grader=OfflineGrader(), store=Store(), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        app.screen.query_one("#minutes", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewInterviewScreen) and app.coach.interview is None
        assert any("must be positive" in n.message for n in app._notifications)


async def test_the_app_resumes_garbage_collection_once_its_first_screen_is_up(isolated_environment):
    import gc

    from interviewer.tui.startup import pause_collection

    pause_collection()  # as `interviewer` does before importing the app
    try:
        app = make_app(load_settings(grader="offline"), grader=OfflineGrader(), store=Store(), clock=FakeClock())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen) and gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


async def test_answer_text_is_never_interpreted_as_markup(isolated_environment):
    app = app_for(ScriptedGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        await type_answer(pilot, "[bold red]dropout[/] and [link=x]weights[/link]")
        await pilot.press("ctrl+s")
        await wait_for_grades(pilot)
        assert isinstance(app.screen, FeedbackScreen)  # rendering did not raise on the brackets


async def test_settings_switch_grader_and_save_without_the_key(isolated_environment, monkeypatch):
    from textual.widgets import Select

    from conftest import FAKE_KEY
    from interviewer.tui.screens.settings import SettingsScreen

    app = make_app(load_settings(grader="offline"), grader=OfflineGrader(), store=Store(), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, SettingsScreen)
        assert FAKE_KEY not in "".join(str(w.render()) for w in app.screen.query("Static"))
        app.screen.query_one("#grader", Select).value = "openai"
        app.screen.query_one("#model", Input).value = "llama3.1:8b"
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.coach.grader.kind == "openai" and app.settings.model == "llama3.1:8b"
        assert "LLM llama3.1:8b at api.openai.com" in str(app.screen.query_one("#grader-status").render())
    config = (isolated_environment / "config.toml").read_text()
    assert 'grader = "openai"' in config and 'model = "llama3.1:8b"' in config and FAKE_KEY not in config


async def test_command_palette_opens_from_any_screen(isolated_environment):
    from textual.command import CommandPalette

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)


async def test_an_empty_answer_gets_a_zero_and_a_reason_not_a_stuck_grade(isolated_environment):
    grader = ScriptedGrader([RuntimeError("the validity gate answers first; no grader call")])
    app = app_for(grader, questions=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+s")
        await wait_for_grades(pilot)
        feedback = app.coach.interview.record.records[0].feedback
        assert feedback.score == 0 and feedback.gate_reason == "The answer is empty." and grader.requests == []
        assert isinstance(app.screen, FeedbackScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert "0/10" in str(app.screen.query_one(DataTable).get_row_at(0))


def test_feedback_screen_counts_streamed_point_verdicts_of_the_llm_reply():
    from interviewer.tui.messages import GradePartial
    from interviewer.tui.screens.feedback import FeedbackScreen

    screen = FeedbackScreen(0)
    refreshed = []
    screen.refresh = lambda **kwargs: refreshed.append(kwargs)  # not mounted: record the redraw instead
    screen.on_grade_partial(GradePartial(GradeJob(0), {"verdicts": {"dropout": {"verdict": "covered"}, "l1-l2": {}}}))
    screen.on_grade_partial(GradePartial(GradeJob(0), {"verdicts": {"dropout": {"verdict": "covered"}, "l1-l2": {}}}))
    assert screen.partial_points == 2 and refreshed == [{"recompose": True}]  # redrawn once per new point


async def test_history_pages_through_a_long_list_and_opens_any_interview(isolated_environment):
    from interviewer.domain.session import SessionConfig
    from interviewer.engine.interview import Interview
    from interviewer.tui.screens.transcripts import PAGE, TranscriptsScreen

    store, clock = Store(), FakeClock()
    for n in range(PAGE + 5):
        clock.advance(60)
        Interview.start(SessionConfig(question_ids=["dropout"]), store, clock, session_id=f"s{n:03d}").end()
    app = make_app(load_settings(grader="offline"), grader=OfflineGrader(), store=Store(), clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        listed = app.screen.query_one(OptionList)
        assert isinstance(app.screen, TranscriptsScreen) and listed.option_count == PAGE
        newest = app.screen.sessions[0]
        assert newest.id == f"s{PAGE + 4:03d}" and f"{newest.started_at:%Y-%m-%d %H:%M}" in str(
            listed.get_option_at_index(0).prompt)  # newest first, one line each
        listed.highlighted = PAGE - 1
        await pilot.pause()
        assert listed.option_count == PAGE + 5
        pages = []
        app.store.sessions = lambda **kwargs: pages.append(kwargs) or []
        listed.highlighted = PAGE + 4
        await pilot.pause()
        assert pages == []  # the short second page was the last: the end of the list asks for nothing
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen) and app.screen.record.id == "s000"


async def test_quit_saves_the_typing_of_the_last_second_first(isolated_environment):
    app = app_for(follow_ups=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_answer(pilot, "typed just now, before any autosave")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert Store().load(app.coach.interview.record.id).record.records[0].draft == "typed just now, before any autosave"


async def test_a_store_that_refuses_writes_keeps_the_text_and_asks_before_quitting(isolated_environment, monkeypatch):
    from interviewer.storage.database import StorageError
    from interviewer.tui.screens.choice import ChoiceScreen

    app = app_for(follow_ups=0)
    async with app.run_test(size=(100, 30)) as pilot:
        def full(*_):
            raise StorageError("cannot save to interviewer.db (database or disk is full); free disk space")

        monkeypatch.setattr(app.store, "append", full)
        await type_answer(pilot, "an answer the disk has no room for")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)  # not submitted, not crashed
        assert app.screen.query_one("#answer", TextArea).text == "an answer the disk has no room for"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen) and app.is_running
        assert "NOT SAVED" in str(app.screen.query_one("#draft-status").render())


@pytest.mark.parametrize(("choice", "answer", "draft"), [("s", "half an answer", None), ("e", None, "half an answer")])
async def test_ending_with_typed_text_asks_whether_to_submit_it(isolated_environment, choice, answer, draft):
    from interviewer.tui.screens.choice import ChoiceScreen

    app = app_for(ScriptedGrader(), mode="strict", follow_ups=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_answer(pilot, "half an answer")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press(choice)
        await wait_for_grades(pilot)
        assert isinstance(app.screen, ReportScreen)
    first = Store().load(app.coach.interview.record.id).record.records[0]
    assert (first.answer, first.draft if draft else None) == (answer, draft)
    assert Store().load(app.coach.interview.record.id).record.finished


async def test_feedback_scrolls_with_the_keys_and_enter_opens_a_section_tab_reaches(isolated_environment):
    from textual.widgets import Collapsible

    from interviewer.tui.widgets.feedback_panel import FeedbackPanel

    app = app_for(follow_ups=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_answer(pilot, ANSWERS[0])
        await pilot.press("ctrl+s")
        await wait_for_grades(pilot)
        panel = app.screen.query_one(FeedbackPanel)
        assert app.focused is panel and panel.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert panel.scroll_y > 0
        stronger = next(c for c in app.screen.query(Collapsible) if c.title == "Stronger answer")
        for _ in range(20):  # Tab through the sections to its title
            if app.focused is not None and stronger in app.focused.ancestors_with_self:
                break
            await pilot.press("tab")
        await pilot.press("enter")
        await pilot.pause()
        assert not stronger.collapsed and isinstance(app.screen, FeedbackScreen)  # opened, did not continue
        panel.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, (InterviewScreen, ReportScreen))


async def test_r_in_history_grades_again_what_failed_in_a_past_interview(isolated_environment):
    first = ScriptedGrader([LLMUnavailable("api.openai.com answered HTTP 503 after retries")])
    app = app_for(first, questions=1, follow_ups=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_answer(pilot, ANSWERS[0])
        await pilot.press("ctrl+s")
        await wait_for_grades(pilot)
        await pilot.press("ctrl+q")
    later = ScriptedGrader()
    app = make_app(load_settings(grader="offline"), grader=later, store=Store(), clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen) and "failed (r)" in str(app.screen.query_one(DataTable).get_row_at(0))
        await pilot.press("r")
        for _ in range(50):
            await pilot.pause()
            if app.screen.record.records[0].feedback:
                break
        assert len(later.requests) == 1 and "/10" in str(app.screen.query_one(DataTable).get_row_at(0))
    (stored,) = Store().sessions()
    assert stored.graded == 1


async def test_keys_typed_just_before_submit_are_in_the_answer(isolated_environment):
    app = app_for(follow_ups=0, questions=1)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#answer", TextArea).focus()
        for key in "dropout":  # queued at once, as a fast typist or a paste followed by ctrl+s sends them
            app.post_message(events.Key(key, key))
        app.post_message(events.Key("ctrl+s", None))
        await wait_for_grades(pilot)
    assert Store().load(app.coach.interview.record.id).record.records[0].answer == "dropout"


async def test_keys_typed_just_before_quit_are_saved(isolated_environment):
    app = app_for(follow_ups=0, questions=1)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#answer", TextArea).focus()
        for key in "draft":
            app.post_message(events.Key(key, key))
        app.post_message(events.Key("ctrl+q", None))
        await pilot.pause()
    assert Store().load(app.coach.interview.record.id).record.records[0].draft == "draft"


async def test_resume_keeps_the_time_already_spent_on_the_question(isolated_environment):
    from interviewer.tui.widgets.countdown import Countdown

    clock = FakeClock()
    app = app_for(mode="strict", clock=clock, minutes_per_question=1, follow_ups=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_answer(pilot, "half an answer")
        clock.advance(32)
        await pilot.press("ctrl+q")
        await pilot.pause()
    app = make_app(load_settings(grader="offline"), grader=OfflineGrader(), store=Store(), clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert str(app.screen.query_one(Countdown).render()) == "00:28 left"
        assert app.screen.query_one("#answer", TextArea).text == "half an answer"


async def test_warnings_fire_at_a_minute_and_ten_seconds_left(isolated_environment):
    from interviewer.tui.widgets.countdown import Countdown

    clock = FakeClock()
    app = app_for(clock=clock, minutes_per_question=2, follow_ups=0)
    async with app.run_test(size=(100, 30)) as pilot:
        countdown = app.screen.query_one(Countdown)
        clock.advance(60)
        app.screen.check_time()
        await pilot.pause()
        assert countdown.has_class("low") and "One minute left" in [n.message for n in app._notifications][-1]
        clock.advance(50)
        app.screen.check_time()
        await pilot.pause()
        assert countdown.has_class("urgent") and "10 seconds left" in [n.message for n in app._notifications][-1]


async def test_an_interview_shorter_than_asked_says_so_on_screen(isolated_environment):
    app = app_for(questions=10, topics=("generative-models",))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        found = app.coach.interview.total
        assert found < 10 and any(f"Only {found} question" in n.message for n in app._notifications)
