"""Feedback for one answer as the app shows it: score, verdicts with quoted evidence, dimension bars with
why, what to do next. Everything it shows comes from `presentation.view`; it only chooses colours."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Collapsible, LoadingIndicator, Static

from interviewer.domain.feedback import Verdict
from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric
from interviewer.domain.session import QuestionRecord
from interviewer.presentation.view import FeedbackView, present, study, time_used
from interviewer.terminal import printable, printable_fields

VERDICT_STYLE = {Verdict.COVERED: "green", Verdict.PARTIAL: "yellow", Verdict.NAMED: "yellow", Verdict.MISSING: "red",
                 Verdict.INCORRECT: "bold red"}
SECTION_STYLE = {"What landed": "green", "What to sharpen": "yellow", "Flags": "bold red", "Notes": "dim"}


class FeedbackPanel(VerticalScroll):
    def __init__(self, question: Question, rubric: Rubric, item: QuestionRecord, partial_points: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.question, self.rubric, self.item, self.partial_points = question, rubric, item, partial_points

    def compose(self) -> ComposeResult:
        item = self.item
        yield Static(Text(self.question.text, style="bold"), classes="fb-question")
        if item.skipped or not item.answered:
            yield from self._study()
        elif item.feedback is None:
            yield from self._pending()
        else:
            yield from self._graded(printable_fields(present(self.question, self.rubric, item.feedback, item)))

    def _study(self) -> ComposeResult:
        view = printable_fields(study(self.question, self.rubric))
        yield Static(Text("Skipped: here is what a strong answer says." if self.item.skipped else
                          "Not answered: here is what a strong answer says.", style="yellow"), id="fb-study")
        if self.item.draft and not self.item.answered:  # kept when the interview ended before it was submitted
            yield Collapsible(Static(Text(printable(self.item.draft))), title="Your unsubmitted draft", collapsed=False)
        yield Collapsible(Static(Text(view.model_answer or "No model answer for this question yet.")),
                          title="Model answer", collapsed=False)
        yield self._references(view.references)

    def _pending(self) -> ComposeResult:
        if self.item.grading_error:
            yield Static(Text(f"Grading failed: {printable(self.item.grading_error)}\nYour answer is saved. Press r to retry.",
                              style="bold red"), id="fb-error")
        else:
            judged = f" ({self.partial_points}/{len(self.rubric.key_points)} key points judged)" if self.partial_points else ""
            yield Static(f"Grading your answer…{judged}", id="fb-grading")
            yield LoadingIndicator()
        yield Collapsible(Static(Text(printable(self.item.answer or ""))), title="Your answer", collapsed=False)

    def _graded(self, view: FeedbackView) -> ComposeResult:
        yield Static(Text.assemble((f"Score {view.score_text}", "bold"), " · ", "Time used " + time_used(self.item), "\n",
                                   (view.grader, "dim")), id="fb-score")
        if view.gate_reason is not None:
            yield Static(Text(view.gate_reason, style="yellow"))
        if view.points:
            yield Static(self._points(view), classes="fb-section")
        for quote, correction in view.misconceptions:
            yield Static(Text.assemble(("Misconception: ", "bold red"), f"“{quote}”\n  ", (correction, "italic")),
                         classes="fb-section")
        if view.dimensions:
            yield Static(self._dimensions(view), classes="fb-section")
        if view.star:
            yield Static(Text(f"STAR: {view.star}"), classes="fb-section")
        for title, items in view.sections:
            yield Static(Text.assemble((f"{title}\n", f"bold {SECTION_STYLE[title]}"), "\n".join(f"• {i}" for i in items)),
                         classes="fb-section")
        if view.follow_ups:
            yield Static(self._follow_ups(view), classes="fb-section", id="fb-follow-ups")
        elif view.suggested_follow_up:
            yield Static(Text.assemble(("An interviewer might ask: ", "bold"), view.suggested_follow_up), classes="fb-section")
        yield Collapsible(Static(Text(view.stronger_answer)), title="Stronger answer")
        yield self._references(view.references)
        yield Collapsible(Static(Text(printable(self.item.answer or ""))), title="Your answer")

    @staticmethod
    def _references(references: list[str]) -> Collapsible:
        text = "\n\n".join(f"{i}. {answer}" for i, answer in enumerate(references, 1))
        return Collapsible(Static(Text(text)), title=f"Reference answers ({len(references)})")

    @staticmethod
    def _points(view: FeedbackView) -> Text:
        text = Text()
        for p in view.points:
            text.append(f"{p.mark} {p.verdict.value:<9} ", style=VERDICT_STYLE[p.verdict])
            text.append(p.statement + "\n")
            if p.quote:
                text.append(f"    “{p.quote}”\n", style="italic dim")
            if p.review:
                text.append(f"    ✎ {p.review}\n", style="dim")
        return text

    @staticmethod
    def _dimensions(view: FeedbackView) -> Text:
        text = Text()
        for d in view.dimensions:
            text.append(f"{d.name:<19}")
            text.append("█" * d.score, style="cyan")
            text.append("░" * (5 - d.score) + f" {d.score}/5", style="dim")
            text.append(f"  {d.why}\n" if d.why else "\n", style="dim")
        return text

    @staticmethod
    def _follow_ups(view: FeedbackView) -> Text:
        text = Text()
        for follow in view.follow_ups:
            text.append(f"Follow-up {follow.number}: ", style="bold")
            text.append(f"{follow.question}\n")
            if follow.answer:
                text.append(f"  “{follow.answer}”\n", style="italic dim")
            text.append(f"  {follow.outcome}\n", style="dim")
        return text
