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


CELL_PADDING = 2  # a DataTable cell's padding, both sides together
CHROME = 4  # the screen's padding and the table's vertical scrollbar
NARROW = 70  # columns: below this the table leaves out the topic


class ReportScreen(AppScreen):
    BINDINGS = [
        Binding("enter", "open", "Open", priority=True),
        Binding("ctrl+d", "drill", "Drill weakest", priority=True),
        Binding("r", "retry", "Retry failed"),
        Binding("escape", "home", "Back"),
    ]

    def __init__(self, record: SessionRecord | None = None) -> None:
        super().__init__()
        self._record = record  # a past interview; None for the one just finished
        self.filled_width = 0
        self.retryable = False

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
        self.fit_width()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        self.fit_width()

    def fit_width(self) -> None:
        """The columns are sized to the terminal's width: fill again when it changed (only then: filling
        twice before the table has drawn left its columns at their titles' widths)."""
        if self.app.size.width != self.filled_width:
            self.fill()

    def fill(self) -> None:
        record, bank = self.record, self.app.bank
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        self.filled_width = self.app.size.width
        table.clear(columns=True)
        # One allowance for every question (the usual case) goes in the column's title ("time/01:00"), so
        # each cell is just the time used: "00:09/01:00" in every row was cut at 80 columns with ten questions.
        allowances = {item.seconds_allowed for item in record.records}
        shared = allowances.pop() if len(allowances) == 1 else None
        rows = []
        for i, item in enumerate(record.records, 1):
            if item.skipped or not item.answered:
                score = "skipped" if item.skipped else "—"
            elif item.feedback:
                score = f"{item.feedback.score:g}/10"
            else:
                # A past interview's answer with neither, and not in flight: its grade died with an earlier process.
                grading = self._record is None or (record.id, GradeJob(i - 1)) in self.app.in_flight
                score = "failed (r)" if item.grading_error else "grading…" if grading else "not graded (r)"
            allowed = f"/{mm_ss(item.seconds_allowed)}" if item.seconds_allowed and not shared else ""
            over = "!" if item.over_time else ""
            question = bank.questions.get(item.question_id)
            text = question.text if question else f"{item.question_id} (not in the question bank)"
            rows.append([str(i), text, question.topic.value if question else "—",
                         score, follow_up_scores(item), f"{mm_ss(item.seconds_used)}{allowed}{over}"])
        titles = ["#", "question", "topic", "score", "follow-ups", f"time/{mm_ss(shared)}" if shared else "time"]
        if self.app.size.width < NARROW:  # the topic is in "By topic" below; the question needs the room
            titles.pop(2)
            rows = [row[:2] + row[3:] for row in rows]
        room = self.question_room(titles, rows)
        table.add_columns(*titles)
        # The question as Text, not str: a table reads a str cell as markup, and bank text is shown as written.
        table.add_rows([row[0], Text(row[1][:room] + ("…" if len(row[1]) > room else "")), *row[2:]] for row in rows)
        self.retryable = any(row[-3].endswith("(r)") for row in rows)  # the score column
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
        lines.append(f"Grading: {interview_cost(record, self.app.settings.prices).summary()}")
        lines.append(f"Review it later: interviewer transcripts show {record.id}")
        self.query_one("#report-details", Static).update(Text("\n".join(lines)))

    def question_room(self, titles: list[str], rows: list[list[str]]) -> int:
        """What is left of the width for the question once the other columns have theirs (at least 10)."""
        widths = [max(len(titles[c]), *(len(row[c]) for row in rows)) for c in range(len(titles)) if c != 1]
        return max(10, self.app.size.width - CHROME - sum(widths) - CELL_PADDING * len(titles) - 1)

    def grading_update(self, message) -> None:
        if isinstance(message, (GradeReady, GradeFailed)):
            self.fill()
            self.refresh_bindings()

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

    def action_drill(self) -> None:
        from interviewer.engine.coach import MockOptions

        topics = topic_averages(self.record, self.app.bank)
        weakest = [topic for topic in sorted(topics, key=lambda t: topics[t]) if topics[topic] < WEAK_BELOW][:2]
        if not weakest:
            why = f"every topic scored {WEAK_BELOW:g} or more" if topics else "no answer in it was graded"
            self.notify(f"Nothing weak to drill here: {why}. ctrl+d on the home screen drills what is due.")
            return
        self.app.begin_mock(MockOptions(questions=3, mode="practice", topics=tuple(weakest), drill=True))

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "retry":  # offered where a grade failed or died with an earlier process: "(r)" in the table
            return self.retryable or any(f.grading_error for r in self.record.records for f in r.follow_ups)
        return True

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
