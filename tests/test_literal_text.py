"""Text from servers, models, banks and files is shown literally in the app: never read as markup (a stray
`[/INST]` crashed the app; `[CLS]` and `x[i]` vanished; `[@click=app.quit]` became a live action)."""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets._toast import Toast

from interviewer.bank import load_bank
from interviewer.domain.feedback import Feedback, Provenance
from interviewer.testing.clock import FakeClock
from interviewer.engine.coach import MockOptions
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.llm.errors import LLMRejected
from interviewer.settings import load_settings
from interviewer.storage.store import Store
from interviewer.storage.opening import open_store
from interviewer.tui.app import make_app
from interviewer.tui.screens.feedback import FeedbackScreen
from interviewer.tui.screens.report import ReportScreen

HOSTILE = "[CLS] [/INST] [@click=app.quit] x[i]"
# What vLLM/LiteLLM put in an HTTP 400 body, and a docs link closing a tag nobody opened.
SERVER_BODY = (f"{HOSTILE} Input should be a valid string [type=string_type, input_value=None, "
               "input_type=NoneType] see [/docs]")


def hostile_bank(folder):
    path = folder / "hostile.yaml"
    path.write_text(
        "topic: fundamentals\n"
        "questions:\n"
        "  - id: hostile-question\n"
        f"    text: 'Why does {HOSTILE} matter?'\n"
        "    kind: conceptual\n"
        "    difficulty: 1\n"
        "    references:\n"
        f"      - answer: 'The token {HOSTILE} marks the start; softmax(z)[k] is a probability.'\n",
        encoding="utf-8")
    return load_bank([folder], include_builtin=False)


def screen_text(app) -> str:
    """Every character the terminal shows now, as lines; then each toast's text unwrapped (a toast is narrow)."""
    lines = ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]
    return "\n".join(lines + [toast.render().plain for toast in app.screen.query(Toast)])


async def settle(pilot, rounds: int = 20) -> None:
    for _ in range(rounds):
        await pilot.pause()


async def test_server_model_and_bank_text_is_shown_literally_on_every_screen(tmp_path):
    bank = hostile_bank(tmp_path)
    question = bank.get("hostile-question")
    feedback = Feedback(question_id=question.id, score=4.0, strengths=[HOSTILE], to_sharpen=[HOSTILE],
                        stronger_answer=HOSTILE, provenance=Provenance(grader="fake", model=HOSTILE,
                                                                   rubric_id=question.id, rubric_hash="h"))
    grader = ScriptedGrader([LLMRejected(f"127.0.0.1:8000 rejected the request (HTTP 400): {SERVER_BODY}"),
                             feedback])
    app = make_app(load_settings(grader="offline"), grader=grader, store=Store(), clock=FakeClock(), bank=bank,
                   start_mock=MockOptions(questions=1, seed=1, mode="practice", follow_ups=0), ticking=False)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot)
        assert HOSTILE in screen_text(app)  # the question
        app.screen.query_one("#answer").insert(f"My answer: {HOSTILE}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        shown = screen_text(app)
        assert "[type=string_type, input_value=None" in shown and "[/docs]" in shown  # the toast
        assert shown.count(HOSTILE) >= 3  # question, the error on the panel and in the toast, the answer
        await pilot.press("r")
        await settle(pilot)
        assert app.coach.interview.record.records[0].feedback is not None
        assert screen_text(app).count(HOSTILE) >= 3  # question, strengths, to sharpen
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("tab")  # focus away from the table: nothing clickable may have been made
        shown = screen_text(app)
        assert HOSTILE[:30] in shown  # the question in the table, cut to the column
        assert app.return_code is None and app.is_running  # the [@click=app.quit] never ran
        assert app.screen.query_one(DataTable).row_count == 1


async def test_paths_with_brackets_are_shown_literally_in_toasts_history_and_settings(tmp_path, monkeypatch):
    home = tmp_path / HOSTILE  # a folder "[CLS] [" holding "INST] [@click=app.quit] x[i]"
    (home / "sessions").mkdir(parents=True)
    (home / "sessions" / "old.jsonl").write_text("{not json\n{}\n", encoding="utf-8")
    monkeypatch.setenv("INTERVIEWER_HOME", str(home))
    llm = ScriptedGrader()
    llm.kind = "openai"  # the home screen names the model an LLM grader uses: the user's text too
    app = make_app(load_settings(grader="auto", model=HOSTILE), grader=llm, store=open_store(), clock=FakeClock(),
                   ticking=False)
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await settle(pilot)
        assert screen_text(app).count(HOSTILE) >= 2  # the import's toast names the file; home, the model
        app.clear_notifications()
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert HOSTILE in screen_text(app)  # history lists what the import skipped
        await pilot.press("escape", "ctrl+e")
        await settle(pilot)
        assert HOSTILE in screen_text(app)  # settings names the config file
        assert app.is_running
