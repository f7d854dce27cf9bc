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
    from interviewer.engine.clock import FakeClock
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
