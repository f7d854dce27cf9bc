"""Questions covering the same ground share a group: no mock or drill serves two of one group."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from interviewer.bank import Bank, load_bank
from interviewer.bank.select import one_per_group, select_questions, servable_count
from interviewer.domain.questions import Question
from interviewer.drill.schedule import ReviewState, Schedule
from interviewer.drill.select import drill_questions

BANK = load_bank()
DAY0 = date(2026, 1, 5)


def question(qid: str, group: str | None = None) -> Question:
    return Question(id=qid, text=f"What is {qid}?", topic="fundamentals", kind="conceptual", difficulty=1,
                    references=[{"answer": "An answer."}], group=group)


def small_bank(*questions: Question) -> Bank:
    return Bank(questions={q.id: q for q in questions})


def groups_in(questions: list[Question]) -> Counter:
    return Counter(q.group for q in questions if q.group)


def test_the_bank_links_its_near_duplicates():
    sizes = groups_in(list(BANK.questions.values()))
    assert sum(n >= 2 for n in sizes.values()) >= 10, sizes


def test_a_thousand_all_topic_mocks_of_five_never_serve_two_of_one_group():
    for seed in range(1000):
        chosen = select_questions(BANK, 5, seed=seed)
        assert len(chosen) == 5 and len({q.id for q in chosen}) == 5
        assert all(n == 1 for n in groups_in(chosen).values()), (seed, [q.id for q in chosen])


def test_a_group_counts_once_when_a_mock_asks_for_more_than_the_pool_allows():
    bank = small_bank(question("cnn-a", "cnn"), question("cnn-b", "cnn"), question("cnn-c", "cnn"), question("rnn"))
    assert servable_count(bank.questions.values()) == 2
    for seed in range(20):
        chosen = select_questions(bank, 4, seed=seed)
        assert len(chosen) == 2 and {q.group for q in chosen} == {"cnn", None}
    served = {q.id for seed in range(40) for q in select_questions(bank, 4, seed=seed)}
    assert {"cnn-a", "cnn-b", "cnn-c"} <= served, "each member of a group still gets its turn"


def test_a_group_name_equal_to_another_questions_id_does_not_hide_that_question():
    bank = small_bank(question("loss-functions", "loss-functions"), question("common-losses", "loss-functions"),
                      question("loss"), question("softmax", "loss"))
    assert [q.id for q in one_per_group(bank.questions.values())] == ["loss-functions", "loss", "softmax"]


def test_a_drill_serves_one_question_of_a_group_among_due_and_new_ones():
    bank = small_bank(question("cnn-a", "cnn"), question("cnn-b", "cnn"), question("rnn-a", "rnn"),
                      question("rnn-b", "rnn"), question("mlp"))
    schedule = Schedule(items={"cnn-a": ReviewState(due=DAY0 - timedelta(2)), "cnn-b": ReviewState(due=DAY0)})
    assert [q.id for q in drill_questions(bank, schedule, 5, DAY0, due_only=True)] == ["cnn-a"]
    for seed in range(20):
        chosen = drill_questions(bank, schedule, 5, DAY0, seed=seed)
        assert chosen[0].id == "cnn-a" and len(chosen) == 3
        assert all(n == 1 for n in groups_in(chosen).values()), [q.id for q in chosen]
