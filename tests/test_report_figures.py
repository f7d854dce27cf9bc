"""The report's figures come from presentation, headless: cells, the summary line, weakest topics."""

from __future__ import annotations

from datetime import UTC, datetime

from interviewer.bank import load_bank
from interviewer.domain.feedback import Feedback, Provenance
from interviewer.domain.session import QuestionRecord, SessionConfig, SessionRecord
from interviewer.presentation.report import report_summary, score_cell, time_cell, weakest_topics


def graded(question_id: str, score: float) -> QuestionRecord:
    feedback = Feedback(question_id=question_id, score=score,
                        provenance=Provenance(grader="fake", rubric_id=question_id, rubric_hash="h"))
    return QuestionRecord(question_id=question_id, answer="x", seconds_used=190, seconds_allowed=300, feedback=feedback)


def test_cells_summary_and_weakest_topics_of_a_finished_interview():
    bank = load_bank()
    records = [graded("dropout", 4.0), graded("softmax", 9.0),
               QuestionRecord(question_id="backpropagation", answer="", skipped=True, seconds_used=400,
                              seconds_allowed=300, over_time=True)]
    record = SessionRecord(id="s1", started_at=datetime(2026, 1, 5, 9, tzinfo=UTC), config=SessionConfig(
        question_ids=[r.question_id for r in records], mode="strict"), records=records)
    assert [score_cell(r) for r in records] == ["4/10", "9/10", "skipped"]
    assert [time_cell(r) for r in records] == ["03:10/05:00", "03:10/05:00", "06:40/05:00!"]
    assert report_summary(record) == "Mock s1 · strict · 4.3/10 over 3 questions · time 13:00"
    topics = {bank.get(q).topic.value for q in ("dropout", "softmax", "backpropagation")}
    assert weakest_topics(record, bank, 1) == [bank.get("dropout").topic.value] and len(topics) >= 2
