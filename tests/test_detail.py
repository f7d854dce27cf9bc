"""On-topic detail: what a draft rubric's score counts besides its key points, and what it must not count."""

from __future__ import annotations

import pytest

from interviewer.domain.questions import Question
from interviewer.grading.base import GradeRequest
from interviewer.grading.calibration import IDENTITY
from interviewer.grading.detail import DETAIL_WEIGHT, on_topic_detail, with_detail
from interviewer.grading.offline import OfflineGrader
from interviewer.rubric.extract import build_rubric

REFERENCE = ("Momentum adds a fraction of the previous weight update to the current one. "
             "It damps oscillations across a ravine and speeds up convergence along a steady slope.")
SHORT = "Momentum adds a fraction of the previous weight update to the current update."
LONGER = SHORT + " The previous update is scaled by a momentum constant between 0 and 1 before the weight update adds it."
SAME_FIELD = (" Each kernel update in a convolutional network slides its filters across image patches and pools "
              "the resulting feature maps into smaller grids.")
PADDING = " Paris is the capital of France, and its museums attract millions of tourists every summer."


def question(text: str = "What does momentum do in learning?", *references: str) -> Question:
    return Question(id="q-momentum", text=text, topic="fundamentals", kind="conceptual", difficulty=2,
                    references=[{"answer": r} for r in references or (REFERENCE,)])


def test_detail_grows_with_on_topic_explanation_and_stops_at_the_reference_length():
    q = question()
    short, longer = on_topic_detail(SHORT, q), on_topic_detail(LONGER, q)
    assert 0 < short < longer
    assert on_topic_detail(REFERENCE, q) == 1.0
    assert on_topic_detail(REFERENCE + " " + LONGER, q) == 1.0  # capped: length beyond the reference earns nothing


def test_text_about_something_else_adds_no_detail():
    q = question()
    assert on_topic_detail(SHORT + PADDING, q) == pytest.approx(on_topic_detail(SHORT, q))
    assert on_topic_detail(PADDING.strip(), q) == 0.0
    # Text from the same field shares a word or two ("update") but is about another question: it adds nothing.
    assert on_topic_detail(SHORT + SAME_FIELD, q) == pytest.approx(on_topic_detail(SHORT, q))


def test_a_bare_list_of_terms_is_no_detail_unless_the_question_asks_for_a_list():
    terms = "momentum previous weight update oscillations convergence steady slope ravine fraction"
    assert on_topic_detail(terms, question()) == 0.0
    listing = question("Name the terms of a momentum update.")
    assert on_topic_detail(terms, listing) > 0.5


def test_several_references_set_the_expected_length_by_their_mean():
    one = question("What does momentum do in learning?", REFERENCE)
    two = question("What does momentum do in learning?", REFERENCE, SHORT)
    assert on_topic_detail(SHORT, two) > on_topic_detail(SHORT, one)


def test_the_blend_weighs_points_and_detail():
    assert with_detail(10, 0.0) == pytest.approx(10 * (1 - DETAIL_WEIGHT))
    assert with_detail(0, 1.0) == pytest.approx(10 * DETAIL_WEIGHT)
    assert with_detail(4, 0.5) == pytest.approx(round((1 - DETAIL_WEIGHT) * 4 + DETAIL_WEIGHT * 5, 1))


def grade(q: Question, answer: str, status: str, follow_up: str | None = None):
    rubric = build_rubric(q).model_copy(update={"status": status})
    return OfflineGrader(IDENTITY).grade_now(GradeRequest(q, rubric, answer, follow_up_context=follow_up))


def test_a_draft_rubric_credits_detail_and_says_so_a_reviewed_one_does_not():
    q = question()
    short, longer = grade(q, SHORT, "draft"), grade(q, LONGER, "draft")
    assert [v.verdict for v in short.verdicts] == [v.verdict for v in longer.verdicts]  # same points...
    assert longer.score > short.score  # ...but more of the explanation
    assert any("on-topic detail" in n for n in short.notes)
    reviewed = grade(q, SHORT, "reviewed")
    assert reviewed.notes == [] and reviewed.score != short.score


def test_an_off_topic_answer_still_scores_zero_on_a_draft():
    feedback = grade(question(), PADDING.strip(), "draft")
    assert feedback.score == 0


def test_a_follow_up_answer_is_not_measured_against_the_whole_reference():
    q = question()
    follow_up = grade(q, SHORT, "draft", follow_up="What does the momentum term add to the update?")
    assert follow_up.notes == [] and follow_up.score > grade(q, SHORT, "draft").score
