"""The end of an interview: scores, topics, time, weakest points, where the transcript is."""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from interviewer.domain.feedback import Verdict
from interviewer.domain.session import SessionRecord
from interviewer.engine.coach import GradeJob
from interviewer.presentation.cost import interview_cost
from interviewer.presentation.view import mm_ss
from interviewer.tui.messages import GradeFailed, GradeReady
from interviewer.tui.screens.base import AppScreen


def topic_averages(record: SessionRecord, bank) -> dict[str, float]:
    scores = defaultdict(list)
    for item in record.records:
        if item.feedback and item.question_id in bank.questions:
            scores[bank.get(item.question_id).topic.value].append(item.feedback.score)
    return {t: sum(s) / len(s) for t, s in sorted(scores.items())}


def follow_up_scores(item) -> str:
    """E.g. "4, 8 ✓": each follow-up's score, ✓ when it closed the gap it probed."""
    marks = {True: " ✓", False: "", None: ""}
    scores = [f"{f.feedback.score:g}{marks[f.recovered]}" if f.feedback else ("…" if f.answer else "—")
              for f in item.follow_ups]
    return ", ".join(scores) or "—"


WEAK_BELOW = 7.0  # a topic scoring this or more is not worth a drill from the report


def weakest_points(record: SessionRecord, bank, rubrics, limit: int = 5) -> list[tuple[str, str]]:
    """(question id, key point statement) for missed must-have points, heaviest first; a point a
    follow-up then closed is not weak any more."""
    missed = []
    for item in record.records:
        if not item.feedback or item.question_id not in bank.questions:
            continue
        rubric = rubrics(bank.get(item.question_id))
        points = {p.id: p for p in rubric.key_points}
        closed = {f.target_point for f in item.follow_ups if f.recovered}
        for v in item.feedback.verdicts:
            point = points.get(v.point_id)
            if (point and v.verdict in (Verdict.MISSING, Verdict.INCORRECT) and point.importance == "must"
                    and point.id not in closed):
                missed.append((point.weight, item.question_id, point.statement))
    return [(q, s) for _, q, s in sorted(missed, key=lambda m: -m[0])[:limit]]


class ReportScreen(AppScreen):
    BINDINGS = [
        Binding("enter", "open", "Open", priority=True),
        Binding("ctrl+d", "drill", "Drill weakest", priority=True),
        Binding("r", "retry", "Retry failed"),
        Binding("v", "review", "Review verdicts"),
        Binding("escape", "home", "Back"),
    ]

    def __init__(self, record: SessionRecord | None = None) -> None:
        super().__init__()
        self._record = record  # a past interview; None for the one just finished

    @property
    def record(self) -> SessionRecord:
        return self._record or self.app.coach.live.record

    def compose(self) -> ComposeResult:
        with Vertical(id="report"):
            yield Static("", id="report-summary")
            yield DataTable(id="report-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="report-details")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "question", "topic", "score", "follow-ups", "time")
        self.fill()
        table.focus()

    def fill(self) -> None:
        record, bank = self.record, self.app.bank
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for i, item in enumerate(record.records, 1):
            if item.skipped or not item.answered:
                score = "skipped" if item.skipped else "—"
            elif item.feedback:
                score = f"{item.feedback.score:g}/10" + (" ✎" if item.reviewed else "")
            else:
                # A past interview's answer with neither, and not in flight: its grade died with an earlier process.
                grading = self._record is None or (record.id, GradeJob(i - 1)) in self.app.in_flight
                score = "failed (r)" if item.grading_error else "grading…" if grading else "not graded (r)"
            allowed = f"/{mm_ss(item.seconds_allowed)}" if item.seconds_allowed else ""
            over = "!" if item.over_time else ""
            question = bank.questions.get(item.question_id)
            text = question.text if question else f"{item.question_id} (not in the question bank)"
            room = max(16, self.app.size.width - 70)  # the other columns need about 70 cells
            # Text, not str: a table reads a str cell as markup, and bank text is shown as written.
            table.add_row(str(i), Text(text[:room] + ("…" if len(text) > room else "")),
                          question.topic.value if question else "—", score, follow_up_scores(item),
                          f"{mm_ss(item.seconds_used)}{allowed}{over}")
        table.move_cursor(row=min(cursor, len(record.records) - 1))
        counted = len(record.counted_scores())
        average = f"{record.average:.1f}/10 over {counted} question{'s' * (counted != 1)}" if counted else "no grades yet"
        self.query_one("#report-summary", Static).update(Text(
            f"{record.config.kind.capitalize()} {record.id} · {record.config.mode} · {average} · "
            f"time {mm_ss(sum(r.seconds_used for r in record.records))}"))
        topics = topic_averages(record, bank)
        lines = ["By topic: " + ", ".join(f"{t} {s:.1f}" for t, s in topics.items()) if topics else "By topic: —"]
        weakest = weakest_points(record, bank, self.app.coach.rubrics)
        if weakest:
            lines.append("Weakest key points:")
            lines += [f"  • {statement} ({qid})" for qid, statement in weakest]
        if any(item.reviewed for item in record.records):
            lines.append("✎ reviewed by you: the score counts your verdicts (the grader's are kept; see the feedback)")
        lines.append(f"Grading: {interview_cost(record, self.app.settings.prices).summary()}")
        lines.append(f"Review it later: interviewer transcripts show {record.id}")
        self.query_one("#report-details", Static).update(Text("\n".join(lines)))

    def grading_update(self, message) -> None:
        if isinstance(message, (GradeReady, GradeFailed)):
            self.fill()

    def action_open(self) -> None:
        from interviewer.errors import BadInputError
        from interviewer.tui.screens.feedback import FeedbackScreen

        index = self.query_one(DataTable).cursor_row
        try:
            self.app.bank.require([self.record.records[index].question_id], "show this feedback")
        except BadInputError as exc:
            self.notify(exc.message, title=exc.title, severity="warning")
            return
        self.app.push_screen(FeedbackScreen(index, record=self._record))

    def action_review(self) -> None:
        from interviewer.presentation.review import reviewable
        from interviewer.tui.screens.review import ReviewScreen

        index = self.query_one(DataTable).cursor_row
        if reviewable(self.record, index, live=False):  # the report comes after the interview, strict or not
            self.app.push_screen(ReviewScreen(index, self._record), lambda _: self.fill())
        else:
            self.notify("This answer has no graded verdicts to review.")

    def action_drill(self) -> None:
        from interviewer.engine.coach import MockOptions

        topics = topic_averages(self.record, self.app.bank)
        weakest = [topic for topic in sorted(topics, key=topics.get) if topics[topic] < WEAK_BELOW][:2]
        if not weakest:
            self.notify(f"Nothing weak to drill here: every topic scored {WEAK_BELOW:g} or more. ctrl+d on the home "
                        "screen drills what is due.")
            return
        self.app.begin_mock(MockOptions(questions=3, mode="practice", topics=tuple(weakest), drill=True))

    def action_retry(self) -> None:
        if self.app.retry(record=self._record):
            self.fill()
        else:
            self.notify("Nothing to retry: no grade failed in this interview.")

    def action_home(self) -> None:
        if self._record is not None:
            self.app.pop_screen()  # back to the transcript list
        else:
            self.app.go_home()
