"""Feedback for one answer: score, verdicts with quoted evidence, dimension bars, what to do next."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Collapsible, LoadingIndicator, Static

from interviewer.domain.feedback import Feedback, Verdict
from interviewer.domain.questions import Question
from interviewer.domain.rubrics import Rubric
from interviewer.domain.session import QuestionRecord
from interviewer.grading.render import MARK, grader_label
from interviewer.storage.export import time_used

VERDICT_STYLE = {Verdict.COVERED: "green", Verdict.PARTIAL: "yellow", Verdict.MISSING: "red", Verdict.INCORRECT: "bold red"}


class FeedbackView(VerticalScroll):
    def __init__(self, question: Question, rubric: Rubric, item: QuestionRecord, partial_points: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.question, self.rubric, self.item, self.partial_points = question, rubric, item, partial_points

    def compose(self) -> ComposeResult:
        item, feedback = self.item, self.item.feedback
        yield Static(Text(self.question.text, style="bold"), classes="fb-question")
        if feedback is None:
            if item.grading_error:
                yield Static(Text(f"Grading failed: {item.grading_error}\nYour answer is saved. Press r to retry.",
                                  style="bold red"), id="fb-error")
            else:
                judged = f" ({self.partial_points}/{len(self.rubric.key_points)} key points judged)" if self.partial_points else ""
                yield Static(f"Grading your answer…{judged}", id="fb-grading")
                yield LoadingIndicator()
            yield Collapsible(Static(Text(item.answer or "")), title="Your answer", collapsed=False)
            return
        yield Static(self._headline(feedback), id="fb-score")
        if not feedback.valid_answer:
            yield Static(Text(feedback.gate_reason or "", style="yellow"))
        if feedback.verdicts:
            yield Static(self._verdicts(feedback), classes="fb-section")
        for m in feedback.misconceptions:
            yield Static(Text.assemble(("Misconception: ", "bold red"), f"“{m.quote}”\n  ", (m.correction or m.statement, "italic")),
                         classes="fb-section")
        if feedback.dimensions:
            yield Static(self._dimensions(feedback), classes="fb-section")
        if feedback.star:
            yield Static("STAR: " + "  ".join(f"{s.element} {'✓' if s.present else '✗'}" for s in feedback.star),
                         classes="fb-section")
        for title, items, style in (("What landed", feedback.strengths, "green"), ("What to sharpen", feedback.to_sharpen, "yellow"),
                                    ("Flags", feedback.flags, "bold red"), ("Notes", feedback.notes, "dim")):
            if items:
                yield Static(Text.assemble((f"{title}\n", f"bold {style}"), "\n".join(f"• {i}" for i in items)),
                             classes="fb-section")
        if item.follow_ups:
            yield Static(self._follow_ups(), classes="fb-section", id="fb-follow-ups")
        elif feedback.follow_up:
            yield Static(Text.assemble(("An interviewer might ask: ", "bold"), feedback.follow_up), classes="fb-section")
        yield Collapsible(Static(Text(feedback.stronger_answer)), title="Stronger answer")
        refs = "\n\n".join(f"{i}. {r.answer}" for i, r in enumerate(self.question.references, 1))
        yield Collapsible(Static(Text(refs)), title=f"Reference answers ({len(self.question.references)})")
        yield Collapsible(Static(Text(item.answer or "")), title="Your answer")

    def _follow_ups(self) -> Text:
        text = Text()
        for n, follow in enumerate(self.item.follow_ups, 1):
            text.append(f"Follow-up {n}: ", style="bold")
            text.append(f"{follow.text}\n")
            if follow.answer:
                text.append(f"  “{follow.answer}”\n", style="italic dim")
            if follow.feedback is None:
                text.append("  grading…\n" if follow.answer else "  not answered yet\n", style="dim")
            elif follow.recovered:
                text.append("  ✓ recovered: you closed the gap.\n", style="green")
            elif follow.recovered is None:
                text.append(f"  follow-up score {follow.feedback.score:g}/10\n", style="dim")
            else:
                text.append("  ✗ not recovered yet: see the stronger answer.\n", style="yellow")
        return text

    def _headline(self, feedback: Feedback) -> Text:
        return Text.assemble((f"Score {feedback.score:g}/10", "bold"), " · ", "Time used " + time_used(self.item), "\n",
                             (grader_label(feedback), "dim"))

    def _verdicts(self, feedback: Feedback) -> Text:
        points = {p.id: p for p in self.rubric.key_points}
        text = Text()
        for v in feedback.verdicts:
            point = points.get(v.point_id)
            text.append(f"{MARK[v.verdict]} {v.verdict.value:<9} ", style=VERDICT_STYLE[v.verdict])
            text.append((point.statement if point else v.point_id) + "\n")
            if v.quote:
                text.append(f"    “{v.quote}”\n", style="italic dim")
        return text

    @staticmethod
    def _dimensions(feedback: Feedback) -> Text:
        text = Text()
        for d in feedback.dimensions:
            text.append(f"{d.dimension.value.replace('_', ' '):<19}")
            text.append("█" * d.score, style="cyan")
            text.append("░" * (5 - d.score) + f" {d.score}/5\n", style="dim")
        return text
