"""SM-2 schedule (table-driven), due ordering, drill selection, and the schedule file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from interviewer.bank import load_bank
from interviewer.domain.feedback import Feedback, PointVerdict, Provenance, Verdict
from interviewer.drill.schedule import (
    ReviewState, Schedule, quality_from_score, record_feedback, review,
)
from interviewer.drill.select import drill_questions, mastery
from interviewer.errors import BadInputError

DAY0 = date(2026, 1, 5)

# qualities in order -> (interval after each review, ease after the last one), worked by hand:
#   ease change per quality: 5 +0.1, 4 0, 3 -0.14, 1 -0.54, 0 -0.8 (floor 1.3)
#   third interval = second (6) x the ease from before the third review, rounded
SEQUENCES = [
    ([5, 5, 5], [1, 6, 16], 2.8),            # 6 x 2.7 = 16.2
    ([4, 4, 4, 4], [1, 6, 15, 38], 2.5),     # 6 x 2.5 = 15, 15 x 2.5 = 37.5 -> 38
    ([3, 3, 3], [1, 6, 13], 2.08),           # 6 x 2.22 = 13.3
    ([5, 5, 1, 5], [1, 6, 1, 1], 2.26),      # a lapse resets to 1 day; 2.7 - 0.54 + 0.1
    ([0, 0], [1, 1], 1.3),                   # 2.5 - 0.8 = 1.7, then floor 1.3
    ([0, 0, 0, 0, 0], [1, 1, 1, 1, 1], 1.3),
]


@pytest.mark.parametrize(("qualities", "intervals", "ease"), SEQUENCES)
def test_sm2_moves_items_as_the_algorithm_says(qualities, intervals, ease):
    state, today, seen = ReviewState(due=DAY0), DAY0, []
    for quality in qualities:
        state = review(state, quality, today)
        seen.append(state.interval_days)
        assert state.due == today + timedelta(days=state.interval_days)
        today = state.due
    assert seen == intervals and state.ease == pytest.approx(ease)


@pytest.mark.parametrize(("score", "quality"), [(0, 0), (2.4, 1), (5, 2), (6, 3), (8.2, 4), (10, 5)])
def test_score_to_quality(score, quality):
    assert quality_from_score(score) == quality


def feedback(qid: str, score: float, verdicts: dict[str, Verdict]) -> Feedback:
    return Feedback(question_id=qid, score=score, provenance=Provenance(grader="fake", rubric_id=qid, rubric_hash="h"),
                    verdicts=[PointVerdict(point_id=p, verdict=v) for p, v in verdicts.items()])


def test_poor_answers_come_back_soon_and_strong_ones_later():
    schedule = Schedule()
    record_feedback(schedule, "dropout", feedback("dropout", 2, {"random-zeroing": Verdict.MISSING}), DAY0)
    record_feedback(schedule, "softmax", feedback("softmax", 10, {"probabilities": Verdict.COVERED}), DAY0)
    record_feedback(schedule, "softmax", feedback("softmax", 10, {"probabilities": Verdict.COVERED}), DAY0 + timedelta(1))
    assert schedule.items["dropout"].due == DAY0 + timedelta(1)
    assert schedule.items["softmax"].due == DAY0 + timedelta(7)
    assert schedule.items["dropout#random-zeroing"].last_quality == 1
    assert schedule.due_questions(DAY0 + timedelta(1)) == ["dropout"]


def test_due_items_are_ordered_most_overdue_first():
    schedule = Schedule(items={"a": ReviewState(due=DAY0), "b": ReviewState(due=DAY0 - timedelta(3)),
                               "c": ReviewState(due=DAY0 + timedelta(2)), "a#p": ReviewState(due=DAY0 - timedelta(9))})
    assert schedule.due_questions(DAY0) == ["b", "a"]


def test_drill_serves_due_then_weak_topics_then_unseen():
    bank = load_bank()
    schedule = Schedule()
    record_feedback(schedule, "dropout", feedback("dropout", 2, {}), DAY0 - timedelta(1))          # due, weak
    record_feedback(schedule, "softmax", feedback("softmax", 4, {}), DAY0 + timedelta(1) - timedelta(1))  # due tomorrow
    record_feedback(schedule, "batch-normalization", feedback("batch-normalization", 9, {}), DAY0)   # strong, later
    chosen = [q.id for q in drill_questions(bank, schedule, 4, DAY0, seed=1)]
    assert chosen[0] == "dropout"
    assert chosen[1:3] == ["softmax", "batch-normalization"]  # seen, weakest topic first
    assert chosen[3] not in {"dropout", "softmax", "batch-normalization"}  # then an unseen question
    assert mastery(schedule, bank)["regularization"] == pytest.approx(0.2)
    assert [q.id for q in drill_questions(bank, schedule, 4, DAY0, due_only=True)] == ["dropout"]


def test_nothing_due_is_a_clear_error():
    with pytest.raises(BadInputError, match="Nothing is due"):
        drill_questions(load_bank(), Schedule(), 3, DAY0, due_only=True)


def test_two_processes_saving_reviews_keep_each_others_items(isolated_environment):
    from interviewer.storage.store import Store

    first, second = Store(), Store()  # the app and `interviewer grade`, each with the schedule it loaded
    mine, theirs = Schedule.from_rows(first.review_rows()), Schedule.from_rows(second.review_rows())
    mine.record("dropout", 4, DAY0, 8.0)
    first.save_reviews(mine.rows(["dropout"]))
    theirs.record("softmax", 2, DAY0, 3.0)
    second.save_reviews(theirs.rows(["softmax"]))
    stored = Schedule.from_rows(Store().review_rows()).items
    assert (stored["dropout"].last_score, stored["softmax"].last_score) == (8.0, 3.0)


def test_an_unreadable_v1_schedule_file_is_reported_and_the_schedule_starts_afresh(isolated_environment):
    from interviewer.storage.opening import open_store

    (isolated_environment / "schedule.json").write_text("{not json")
    store = open_store()
    assert Schedule.from_rows(store.review_rows()).items == {} and "schedule.json: unreadable" in store.import_problems[0]
