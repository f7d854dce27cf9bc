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
