"""Feedback that teaches: on a weak answer to any bank question, the offline grader asks a natural follow-up
and gives the model answer as the stronger answer; sources read as article titles."""

from __future__ import annotations

import re

import pytest

from interviewer.bank import load_bank
from interviewer.bank.sources import render_cite, render_source
from interviewer.domain.feedback import PointVerdict, Verdict
from interviewer.domain.questions import Kind, Source
from interviewer.grading.base import GradeRequest
from interviewer.grading.offline import OfflineGrader
from interviewer.grading.stronger import QUOTE_CHARS, stronger_answer
from interviewer.rubric.store import rubric_for
from interviewer.nlp.text import normalise

BANK = load_bank()
CONCEPTUAL = [q for q in BANK.questions.values() if q.kind != Kind.EXPERIENCE]
TEMPLATE_FRAMES = re.compile(r"let's go deeper|you said:|come into this|what else would you add|\.\.\.|…", re.I)


def weak_answer(question) -> str:
    """The start of the first reference answer: on topic, but far from complete."""
    return " ".join(question.references[0].answer.split()[:10])


@pytest.mark.parametrize("question", CONCEPTUAL, ids=lambda q: q.id)
def test_weak_answer_gets_a_natural_follow_up_and_a_model_answer(question):
    rubric = rubric_for(question)
    feedback = OfflineGrader().grade_now(GradeRequest(question, rubric, weak_answer(question)))
    assert feedback.score < 7, "the answer should be weak enough to need teaching"

    follow_up = feedback.follow_up
    assert follow_up and follow_up.endswith("?") and not TEMPLATE_FRAMES.search(follow_up)
    target = rubric.point(feedback.follow_up_point)
    assert follow_up in target.probes or follow_up in rubric.depth_probes  # written by a reviewer, not assembled
    pasted = [p for p in target.phrasings if re.search(rf"(?<![\w-]){re.escape(normalise(p))}(?![\w-])", normalise(follow_up))]
    assert not pasted, f"follow-up names the answer: {pasted}"

    stronger = feedback.stronger_answer
    assert stronger.endswith(rubric.model_answer)
    assert not re.search(r"^\s*[-*•]\s", stronger, re.M), "a list, not prose"
    acknowledgement = stronger.split("\n\n")[0]
    assert not any(p.statement in acknowledgement for p in rubric.key_points), "pastes the rubric's statements"


def test_stronger_answer_acknowledges_what_was_right_in_the_candidates_words():
    question = BANK.get("dropout")
    rubric = rubric_for(question)
    said = "Dropout randomly zeroes units during training so the network does not overfit."
    feedback = OfflineGrader().grade_now(GradeRequest(question, rubric, said))
    first = feedback.stronger_answer.split("\n\n")[0]
    covered = sum(v.verdict == "covered" for v in feedback.verdicts)
    assert covered >= 1 and first.startswith(f"You already had {covered} of the {len(rubric.key_points)} key points right")
    assert f"“{said[:-1]}”" in first


def test_stronger_answer_for_nothing_right_or_everything_right_or_a_story():
    rubric = rubric_for(BANK.get("dropout"))
    none = [PointVerdict(point_id=p.id, verdict=Verdict.MISSING) for p in rubric.key_points]
    every = [PointVerdict(point_id=p.id, verdict=Verdict.COVERED, quote="q") for p in rubric.key_points]
    assert stronger_answer(rubric, none).startswith("Here is how a strong candidate might put the whole answer:")
    assert stronger_answer(rubric, every).startswith("You made every key point")
    assert "tell your own" in stronger_answer(rubric, none, Kind.EXPERIENCE).split("\n\n")[0]
    assert stronger_answer(rubric.model_copy(update={"model_answer": None}), none) == ""


def test_long_quotes_are_cut_at_a_word():
    rubric = rubric_for(BANK.get("dropout"))
    quote = "Dropout " + "randomly zeroes units " * 20
    verdicts = [PointVerdict(point_id="random-zeroing", verdict=Verdict.COVERED, quote=quote)]
    first = stronger_answer(rubric, verdicts).split("\n\n")[0]
    quoted = first.split("“")[1].split("”")[0]
    assert quoted.endswith("units…") and len(quoted) <= QUOTE_CHARS + 1


def test_experience_model_answers_say_they_are_an_example():
    for question in BANK.questions.values():
        if question.kind == Kind.EXPERIENCE:
            assert rubric_for(question).model_answer.startswith("Example"), question.id


def test_sources_read_as_article_title_section_and_number():
    assert render_source(Source(seed="001_ac8169ef1c77f4d1.txt", section="NLP", number=2)) == (
        "The Top 20 Deep Learning Interview Questions and Answers (DataCamp), NLP section, question 2")
    assert render_source(Source(seed="my-notes.md", number=3)) == "my-notes.md, question 3"
    question = BANK.get("overfitting-prevention")
    rendered = render_cite(question, question.references[0].source)
    assert rendered.endswith(f"question {question.sources[0].number}") and ".txt" not in rendered
    assert render_cite(question, "unknown #1") == "unknown #1"
