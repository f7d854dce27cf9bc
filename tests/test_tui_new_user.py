"""What a new candidate tripped over in the app (#25), driven with Pilot on a fake clock."""

from __future__ import annotations


from textual.widgets import TextArea

from interviewer.bank import load_bank
from interviewer.rubric.store import rubric_for
from interviewer.storage.store import Store
from interviewer.tui.screens.interview import InterviewScreen
from test_tui import app_for, type_answer


def rendered(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_a_hint_stays_on_screen_past_the_draft_saves_and_asks_rather_than_names(isolated_environment):
    app = app_for(questions=1, follow_ups=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_answer(pilot, "It is a model.")
        await pilot.press("ctrl+l")
        await pilot.pause()
        screen = app.screen
        (hint,) = app.coach.interview.current_record.hints
        question = load_bank().get(app.coach.interview.current_record.question_id)
        rubric = rubric_for(question)
        point = next(p for p in rubric.key_points if hint in p.probes)  # a reviewer's probe, not a term
        assert hint not in {p.id for p in rubric.key_points} and point.importance == "must"
        screen.query_one("#answer", TextArea).insert(" More typing.")
        assert screen.save_draft(force=True)  # the 3-second save that used to overwrite the hint
        await pilot.pause()
        assert "Draft saved" in rendered(screen, "#draft-status")
        assert hint in rendered(screen, "#hint") and "-1 point" in rendered(screen, "#hint")


def app_on(clock=None, **options):
    """The app on a fake clock with no real-time timers, starting the mock `options` describe."""
    from interviewer.testing.clock import FakeClock
    from interviewer.engine.coach import MockOptions
    from interviewer.grading.offline import OfflineGrader
    from interviewer.settings import load_settings
    from interviewer.tui.app import make_app

    start = MockOptions(**{"questions": 3, "seed": 1, "follow_ups": 0, **options}) if options else None
    return make_app(load_settings(grader="offline"), grader=OfflineGrader(), store=Store(), clock=clock or FakeClock(),
                    start_mock=start, ticking=False)


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_ending_with_an_empty_editor_asks_first_and_can_discard_an_empty_interview(isolated_environment):
    from interviewer.tui.screens.choice import ChoiceScreen
    from interviewer.tui.screens.home import HomeScreen

    app = app_on(questions=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "ctrl+t")
        assert isinstance(app.screen, ChoiceScreen)
        assert "10 questions not answered are not counted" in rendered(app.screen, "#choice-question")
        await press(pilot, "escape")
        assert isinstance(app.screen, InterviewScreen) and not app.coach.interview.record.finished
        await press(pilot, "ctrl+t", "d")
        assert isinstance(app.screen, HomeScreen)
    assert Store().sessions() == []


async def test_history_deletes_an_interview_after_asking(isolated_environment):
    from textual.widgets import OptionList

    from interviewer.tui.screens.choice import ChoiceScreen

    app = app_on(questions=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_answer(pilot, "Dropout switches units off at random while training.")
        await press(pilot, "ctrl+t", "s")
        await press(pilot, "escape", "ctrl+o")
        assert app.screen.query_one(OptionList).option_count == 1
        await press(pilot, "d")
        assert isinstance(app.screen, ChoiceScreen) and "cannot be undone" in rendered(app.screen, "#choice-question")
        await press(pilot, "escape")
        assert len(Store().sessions()) == 1
        await press(pilot, "d", "y")
        assert "No interviews yet" in rendered(app.screen, "#transcript-problems")
    assert Store().sessions() == []


async def interrupted_interviews(count: int) -> list[str]:
    """`count` interviews quit mid-question (as a crash leaves them), oldest first."""
    from interviewer.testing.clock import FakeClock

    ids = []
    for n in range(count):
        clock = FakeClock()
        clock.advance(3600 * n)
        app = app_on(clock=clock, questions=2, seed=n)
        async with app.run_test(size=(80, 24)) as pilot:
            await type_answer(pilot, f"draft {n}")
            await press(pilot, "ctrl+q")
        ids.append(app.coach.interview.record.id)
    return ids


async def test_history_resumes_any_interrupted_interview_and_calls_the_running_one_under_way(isolated_environment):
    from textual.widgets import OptionList

    older, newer = await interrupted_interviews(2)
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "ctrl+o", "down")  # the older one: home's ctrl+r offers only the newest
        await press(pilot, "ctrl+r")
        assert isinstance(app.screen, InterviewScreen) and app.coach.interview.record.id == older
        assert app.screen.query_one("#answer", TextArea).text == "draft 0"
        from interviewer.tui.screens.transcripts import TranscriptsScreen

        app.push_screen(TranscriptsScreen())  # as the palette's History does, mid-interview
        await pilot.pause()
        rows = [str(option.prompt) for option in app.screen.query_one(OptionList).options]
        assert rows[1].endswith("under way") and rows[0].endswith("interrupted")


async def test_home_counts_mastery_out_of_10_and_does_not_say_no_history_beside_a_history(isolated_environment):
    app = app_on(questions=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "ctrl+n")  # skipped: a history, but nothing graded
        await press(pilot, "escape")
        assert "no history yet" not in rendered(app.screen, "#review-status")
        assert "no graded answers yet" in rendered(app.screen, "#review-status")
    app = app_on(questions=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_answer(pilot, "Dropout switches units off at random while training.")
        await press(pilot, "ctrl+s")
        for _ in range(50):
            await pilot.pause()
            if app.coach.interview.current_record.feedback:
                break
        await press(pilot, "enter", "escape")
        status = rendered(app.screen, "#review-status")
        assert "/10" in status and "%" not in status


async def graded_interview(store: Store, answers: dict[str, str], close_the_gap: bool = False):
    """An ended practice interview of the questions `answers` names, graded by the scripted grader (it
    covers the points whose ids an answer names); `close_the_gap`: the first follow-up's answer names its
    point, the others are skipped."""
    from interviewer.domain.session import SessionConfig
    from interviewer.testing.clock import FakeClock
    from interviewer.engine.coach import Coach
    from interviewer.engine.interview import Interview, Phase
    from interviewer.testing.fake_grader import ScriptedGrader

    coach = Coach(bank=load_bank(), store=store, clock=FakeClock(), grader=ScriptedGrader())
    config = SessionConfig(question_ids=list(answers), mode="practice", seconds_per_question=300, follow_up_depth=1)
    coach.interview = Interview.start(config, store, coach.clock)
    for answer in answers.values():
        [job] = coach.submit(answer)
        await coach.grade(job)
        coach.advance()
        if coach.interview.phase is Phase.FOLLOW_UP:
            if not close_the_gap:
                coach.skip()
            else:
                asked = coach.interview.current_record.follow_ups[-1]
                [job] = coach.submit(f"During training it does {asked.target_point} of the units, as a regularizer.")
                await coach.grade(job)
                coach.advance()
                close_the_gap = False
    coach.end("")
    return coach.interview.record


def all_points_but(question_id: str, left_out: str) -> str:
    return " ".join(p.id for p in rubric_for(load_bank().get(question_id)).key_points if p.id != left_out)


async def test_the_report_does_not_call_weak_a_point_a_follow_up_closed(isolated_environment):
    from interviewer.presentation.report import weakest_points

    dropout = rubric_for(load_bank().get("dropout"))
    gap = next(p for p in dropout.key_points if p.importance == "must")
    record = await graded_interview(Store(), {"dropout": all_points_but("dropout", gap.id)}, close_the_gap=True)
    assert record.records[0].follow_ups[0].recovered is True and record.records[0].follow_ups[0].target_point == gap.id
    assert gap.statement not in [s for _, s in weakest_points(record, load_bank(), rubric_for)]
    still_open = await graded_interview(Store(), {"dropout": all_points_but("dropout", gap.id)})
    assert gap.statement in [s for _, s in weakest_points(still_open, load_bank(), rubric_for)]


async def test_drill_weakest_from_a_report_drills_only_weak_topics_and_says_so(isolated_environment):
    from interviewer.engine.coach import MockOptions
    from interviewer.tui.screens.report import ReportScreen

    bank = load_bank()
    strong = await graded_interview(Store(), {"dropout": all_points_but("dropout", "")})
    mixed = await graded_interview(Store(), {"dropout": all_points_but("dropout", ""), "softmax": "no idea at all"})
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ReportScreen(strong))
        await press(pilot, "ctrl+d")
        assert isinstance(app.screen, ReportScreen) and app.coach.interview is None
        assert "every topic scored 7 or more" in [n.message for n in app._notifications][-1]
        app.coach.start(MockOptions(questions=1, follow_ups=0))
        app.coach.skip()
        app.coach.end("")
        app.push_screen(ReportScreen(app.coach.interview.record))  # nothing graded in it
        app.coach.interview = None
        await press(pilot, "ctrl+d")
        assert "no answer in it was graded" in [n.message for n in app._notifications][-1]
        app.push_screen(ReportScreen(mixed))
        await press(pilot, "ctrl+d")
        config = app.coach.interview.record.config
        assert config.kind == "drill" and isinstance(app.screen, InterviewScreen)
        questions = {bank.get(q).topic.value for q in config.question_ids}
        assert questions == {bank.get("softmax").topic.value} != {bank.get("dropout").topic.value}


async def test_the_feedback_of_an_unanswered_question_shows_the_draft_kept_for_it(isolated_environment):
    app = app_on(questions=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_answer(pilot, "a draft I never submitted")
        await press(pilot, "ctrl+t", "e")
        await press(pilot, "enter")  # the report's first row: its feedback
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Not answered" in text and "a draft I never submitted" in text


async def test_esc_in_a_feedback_section_gives_enter_back_to_continue_and_retry_shows_only_after_a_failure(
        isolated_environment):
    from textual.widgets import Collapsible

    from interviewer.tui.screens.feedback import FeedbackScreen
    from interviewer.tui.widgets.feedback_panel import FeedbackPanel

    app = app_on(questions=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_answer(pilot, "Dropout switches units off at random while training.")
        await press(pilot, "ctrl+s")
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, FeedbackScreen) and app.coach.interview.current_record.feedback:
                break
        screen = app.screen
        assert "retry" not in {b.binding.action for b in screen.active_bindings.values() if b.enabled}
        stronger = next(c for c in screen.query(Collapsible) if c.title == "Stronger answer")
        while app.focused is None or stronger not in app.focused.ancestors_with_self:
            await press(pilot, "tab")
        await press(pilot, "enter")
        assert not stronger.collapsed and app.screen is screen
        await press(pilot, "escape")
        assert isinstance(app.focused, FeedbackPanel)
        await press(pilot, "enter")
        assert app.screen is not screen  # continued to question 2


async def test_settings_edits_the_endpoint_and_refuses_a_bad_one(isolated_environment, monkeypatch):
    from textual.widgets import Input, Select

    from interviewer.tui.screens.home import HomeScreen
    from interviewer.tui.screens.settings import SettingsScreen

    monkeypatch.delenv("OPENAI_API_KEY")  # an endpoint alone (a local server) is enough for the LLM grader
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "ctrl+e")
        app.screen.query_one("#grader", Select).value = "openai"
        app.screen.query_one("#base-url", Input).value = "not-a-url"
        await press(pilot, "ctrl+w")
        assert isinstance(app.screen, SettingsScreen) and "not a valid URL" in [n.message for n in app._notifications][-1]
        app.screen.query_one("#base-url", Input).value = "http://localhost:11434/v1"
        await press(pilot, "ctrl+w")
        assert isinstance(app.screen, HomeScreen) and app.coach.grader.kind == "openai"
        assert "localhost" in rendered(app.screen, "#grader-status")
    assert 'base_url = "http://localhost:11434/v1"' in (isolated_environment / "config.toml").read_text()
