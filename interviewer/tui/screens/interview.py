"""One question (or follow-up) at a time: the text, a countdown, the answer editor. The coach keeps the
time and decides what comes next; this screen shows it."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Static, TextArea

from interviewer.engine.interview import Phase, Tick
from interviewer.storage.database import StorageError
from interviewer.tui.widgets.countdown import Countdown
from interviewer.tui.screens.base import AppScreen

DRAFT_SAVE_SECONDS = 3.0
NOT_STORED = object()  # a coach call the store refused
TICK_NOTICES = {
    Tick.MINUTE_LEFT: "One minute left for this question.",
    Tick.SECONDS_LEFT: "10 seconds left.",
    Tick.EXPIRED: "Time's up: your answer was submitted as it stood.",
    Tick.SESSION_OVER: "The interview's time is up.",
    Tick.OVERRUN: "Time's up for this question. Finish your thought; the overrun is recorded.",
}


class InterviewScreen(AppScreen):
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", priority=True),
        Binding("ctrl+n", "skip", "Skip", priority=True),
        Binding("ctrl+t", "end_interview", "End", priority=True),  # short: the footer fits 60 columns
        Binding("ctrl+l", "hint", "Hint (-1)", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="interview"):
            with Horizontal(id="question-bar"):
                yield Static("", id="question-meta")
                yield Countdown("", id="countdown")
            yield Static("", id="question-text")
            yield Static("", id="hint")
            yield TextArea("", id="answer", soft_wrap=True, placeholder="Type your answer. ctrl+s submits.")
            yield Static("", id="draft-status")
        yield Footer(compact=True)  # every key fits a 60-column terminal

    def on_mount(self) -> None:
        self.show_question()
        self.editor.cursor_blink = self.app.ticking  # blinking is a real-time timer too
        if self.app.ticking:
            self.set_interval(1.0, self.check_time)
            self.set_interval(DRAFT_SAVE_SECONDS, self.save_draft)

    @property
    def coach(self):
        return self.app.coach

    @property
    def editor(self) -> TextArea:
        return self.query_one("#answer", TextArea)

    def show_question(self) -> None:
        interview = self.coach.interview
        item = interview.current_record
        editor = self.editor
        self.show_hints(item.hints if interview.phase is Phase.ANSWERING else [])
        if interview.phase is Phase.WAITING:  # strict: a real interviewer thinks before probing; no feedback
            self.query_one("#question-meta", Static).update("The interviewer is considering your answer…")
            self.query_one("#question-text", Static).update("")
            self.query_one(Countdown).update("")
            editor.text, editor.disabled = "", True
            return
        if interview.phase is Phase.FOLLOW_UP:
            follow = item.follow_ups[interview.follow_up]
            self.query_one("#question-meta", Static).update(
                f"Follow-up {interview.follow_up + 1} · question {interview.index + 1}/{interview.total}")
            self.query_one("#question-text", Static).update(Text(follow.text))
            editor.text = follow.draft
        else:
            q = self.app.bank.get(item.question_id)
            self.query_one("#question-meta", Static).update(
                f"Question {interview.index + 1}/{interview.total} · {q.topic} · {q.kind} · difficulty {q.difficulty}")
            self.query_one("#question-text", Static).update(Text(q.text))
            editor.text = item.draft
        self.query_one(Countdown).show(interview.seconds_left())
        editor.disabled = False
        editor.move_cursor(editor.document.end)  # a restored draft is continued, not typed in front of
        editor.focus()
        self.query_one("#draft-status", Static).update(
            "Practice mode: feedback after each answer." if interview.record.config.mode == "practice"
            else "Strict mode: feedback at the end.")

    def save_draft(self, force: bool = False) -> bool:
        """Whether what is in the editor is stored; a failure is shown, and the text stays in the editor."""
        try:
            if self.coach.save_draft(self.editor.text, force=force):
                self.query_one("#draft-status", Static).update(f"Draft saved at {self.app.clock.wall():%H:%M:%S}.")
        except StorageError as exc:
            self.query_one("#draft-status", Static).update(Text(f"NOT SAVED: {exc.message}", style="bold red"))
            return False
        return True

    def check_time(self) -> None:
        interview = self.coach.interview
        if interview.phase not in (Phase.ANSWERING, Phase.FOLLOW_UP) or not self.save_draft():
            return
        if (ticked := self._stored(self.coach.tick, self.editor.text)) is NOT_STORED:
            return
        result, jobs = ticked
        if result in TICK_NOTICES:
            self.notify(TICK_NOTICES[result], severity="warning")
        if jobs:
            self.app.grade(jobs)
            self.app.show_phase()
        elif interview.phase in (Phase.ANSWERING, Phase.FOLLOW_UP):
            self.query_one(Countdown).show(interview.seconds_left())

    def _open(self) -> bool:
        return self.coach.interview.phase in (Phase.ANSWERING, Phase.FOLLOW_UP)

    def _stored(self, call, *args):
        """Run a coach call that writes; when the store refuses (disk full, read-only), say so and stay
        on this screen with the text in the editor. Returns the call's result, or NOT_STORED."""
        try:
            return call(*args)
        except StorageError as exc:
            self.notify(f"{exc.message}\nWhat you typed is still in the editor.", title="Not saved",
                        severity="error", timeout=15)
            return NOT_STORED

    def before_quit(self, quit_app: Callable[[], None]) -> None:
        """Save what is typed first (every key of it); if it cannot be saved, ask before losing it."""
        self.after_typing(lambda: self._quit_saved(quit_app))

    def _quit_saved(self, quit_app: Callable[[], None]) -> None:
        if self.save_draft(force=True):  # forced: the question's clock is stored to the second
            quit_app()
            return
        from interviewer.tui.screens.choice import ChoiceScreen

        question = "What you typed could not be saved (the reason is under the editor). Quit anyway and lose it?"
        self.app.push_screen(ChoiceScreen(question, [("q", "Quit and lose it")], cancel="c"),
                             lambda choice: quit_app() if choice == "q" else None)

    def after_typing(self, callback) -> None:
        """Run `callback` once the editor has taken every key typed before it: the bindings here are the
        app's priority keys, handled before the keys still queued for the editor (a paste, a fast typist)."""
        self.editor.call_later(callback)

    def action_submit(self) -> None:
        self.after_typing(self._submit)

    def _submit(self) -> None:
        if self._open() and (jobs := self._stored(self.coach.submit, self.editor.text)) is not NOT_STORED:
            self.app.grade(jobs)
            self.app.show_phase()

    def action_skip(self) -> None:
        if self._open() and self._stored(self.coach.skip) is not NOT_STORED:
            self.app.show_phase()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "hint":  # hints are for practice: a strict interview gives none
            return self.coach.interview.record.config.mode == "practice"
        return True

    def action_hint(self) -> None:
        self.after_typing(self._hint)

    def _hint(self) -> None:
        if self.coach.interview.phase is not Phase.ANSWERING:
            return
        hint = self.coach.hint(self.editor.text)
        if hint is None:
            self.notify("No more hints: your draft touches every point with a name.")
            return
        self.show_hints(self.coach.interview.current_record.hints)

    def show_hints(self, hints: list[str]) -> None:
        """The hints asked for on this question, kept above the editor until it moves on (a resumed
        question shows them again: they were paid for)."""
        from interviewer.grading.scoring import HINT_COST

        widget = self.query_one("#hint", Static)
        widget.display = bool(hints)
        cost = f"-{HINT_COST * len(hints):g} point{'s' * (HINT_COST * len(hints) != 1)}"
        widget.update(Text(f"Hint ({cost}): " + "  ".join(hints)))

    def action_end_interview(self) -> None:
        self.after_typing(self._end_interview)

    def _end_interview(self) -> None:
        """Ending always asks first (an accidental ctrl+t ended whole interviews): submit what is typed,
        keep it as a draft, or, while nothing has been answered, discard the interview altogether."""
        from interviewer.tui.screens.choice import ChoiceScreen

        records = self.coach.interview.record.records
        typed = self._open() and self.editor.text.strip()
        open_questions = sum(not r.answered for r in records)
        question = "End the interview now?" + (
            " What you typed for this question has not been submitted." if typed else "")
        if open_questions:
            question += (f" The {open_questions} question{'s' * (open_questions != 1)} not answered "
                         f"{'are' if open_questions != 1 else 'is'} not counted in your scores.")
        choices = ([("s", "Submit it, then end"), ("e", "End; keep it as an unsubmitted draft in the transcript")]
                   if typed else [("e", "End the interview")])
        if not any(r.answered for r in records):
            choices.append(("d", "Discard it: nothing answered, nothing kept in history"))
        self.app.push_screen(ChoiceScreen(question, choices, cancel="c"), self._ended)

    def _ended(self, choice: str | None) -> None:
        if choice in ("s", "e"):
            self._end(submit=choice == "s")
        elif choice == "d" and self._stored(self.coach.discard) is not NOT_STORED:
            self.app.go_home()
            self.notify("Interview discarded.")

    def _end(self, submit: bool) -> None:
        if (jobs := self._stored(lambda: self.coach.end(self.editor.text, submit=submit))) is not NOT_STORED:
            self.app.grade(jobs)
            self.app.show_phase()
