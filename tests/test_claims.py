"""The claim matcher: a key point is stated by a clause with a predicate, not by its words anywhere."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from interviewer.bank import load_bank
from interviewer.domain.feedback import Verdict
from interviewer.domain.rubrics import KeyPoint
from interviewer.grading.base import GradeRequest
from interviewer.grading.claims import judge_text, states_claim
from interviewer.grading.clauses import content_tokens
from interviewer.grading.lemmas import lemma_stem
from interviewer.grading.offline import OfflineGrader
from interviewer.rubric.store import rubric_for

BANK = load_bank()


def judge(qid: str, point_id: str, text: str):
    question = BANK.get(qid)
    return judge_text(text, rubric_for(question).point(point_id), question.text)


def point(statement: str, *phrasings: str) -> KeyPoint:
    return KeyPoint(id="p", statement=statement, weight=1.0, phrasings=list(phrasings))


def test_a_clause_that_states_the_point_covers_it_and_is_quoted_verbatim():
    text = "Activation functions add non-linearity so the network can learn complex patterns; ReLU is common."
    judged = judge("activation-functions", "non-linearity", text)
    assert judged.verdict == Verdict.COVERED
    assert judged.quote == "Activation functions add non-linearity so the network can learn complex patterns;"


def test_a_bare_list_of_terms_names_points_without_stating_them():
    text = "non-linearity ReLU sigmoid tanh vanishing gradient complex patterns hidden layers"
    verdicts = {p.id: judge("activation-functions", p.id, text).verdict
                for p in rubric_for(BANK.get("activation-functions")).key_points}
    assert {Verdict.COVERED, Verdict.PARTIAL}.isdisjoint(verdicts.values()) and verdicts["non-linearity"] == Verdict.NAMED


def test_the_same_terms_in_a_sentence_cover_the_point():
    text = "Activation functions introduce non-linearity, which lets the network learn complex patterns."
    assert judge("activation-functions", "non-linearity", text).verdict == Verdict.COVERED


@pytest.mark.parametrize("qid, point_id, text, quote", [
    ("word-embeddings", "dense-vectors", "Word embeddings are not dense vectors, they do not capture meaning.",
     "Word embeddings are not dense vectors"),
    ("regularization-l1-l2", "l1-sparsity", "L2 adds the absolute values and makes many weights exactly zero, "
     "while L1 adds the squared weights.", "L2 adds the absolute values and makes many weights exactly zero"),
    ("regularization-l1-l2", "l2-small-weights", "L2 adds the absolute values and makes many weights exactly zero, "
     "while L1 adds the squared weights and shrinks them.", "while L1 adds the squared weights and shrinks them."),
    ("dropout", "random-zeroing", "Dropout randomly sets some neurons' outputs to zero only at inference time.",
     "Dropout randomly sets some neurons' outputs to zero only at inference time."),
    ("lstm-vs-gru", "gru-cheaper", "A GRU is slower to train and has more parameters.",
     "A GRU is slower to train and has more parameters."),
])
def test_negated_or_inverted_claims_are_incorrect_and_quoted(qid, point_id, text, quote):
    judged = judge(qid, point_id, text)
    assert judged.verdict == Verdict.INCORRECT and judged.quote == quote


@pytest.mark.parametrize("qid, point_id, text", [
    # a negation and a swapped opposite cancel out
    ("dropout", "random-zeroing", "At inference nothing is set to zero; during training random neurons output zero."),
    # two swaps describe the other thing correctly
    ("regularization-l1-l2", "l1-sparsity", "L1 pushes many weights to exactly zero. With L2 the penalty is the sum of "
     "squared weights."),
    # a hypothetical "if ... never" asserts nothing
    ("activation-functions", "non-linearity", "If you left them out, the network could never learn complex patterns; "
     "they add non-linearity."),
    # the point's own negation ("stops improving") is not contradicted by "has not improved"
    ("overfitting-prevention", "early-stopping", "Early stopping halts training once the validation loss has not "
     "improved for a few epochs."),
])
def test_consistent_sentences_with_negations_or_opposites_are_not_incorrect(qid, point_id, text):
    assert judge(qid, point_id, text).verdict == Verdict.COVERED


def test_irregular_word_forms_match_through_lemmas():
    assert lemma_stem("froze") == lemma_stem("freeze") == lemma_stem("frozen")
    assert lemma_stem("chose") == lemma_stem("choose")
    assert lemma_stem("non-linearity") == lemma_stem("nonlinearity")
    judged = judge_text("We froze the backbone and trained a new head.", point("Freeze the backbone layers."), "?")
    assert judged.verdict == Verdict.COVERED


@pytest.mark.parametrize("said", ["negative log-likelihood", "log loss", "NLL"])
def test_field_synonyms_match(said):
    judged = judge_text(f"For classification we minimise the {said} of the labels.",
                        point("Classification minimises the cross-entropy loss."), "Which loss?")
    assert judged.verdict == Verdict.COVERED


@pytest.mark.parametrize("name, other", [("SVM", "support vector machine"), ("SOM", "self-organizing map"),
                                         ("RBF", "radial basis function"), ("MLP", "multi-layer perceptron"),
                                         ("feedforward", "feed-forward"), ("steepest descent", "gradient descent"),
                                         ("zigzagging", "oscillation")])
def test_textbook_names_and_their_abbreviations_are_one_term(name, other):
    assert content_tokens(name) == content_tokens(other) and len(content_tokens(name)) == 1


def test_oscillating_weights_state_a_zigzag():
    assert judge_text("The weights begin to oscillate.", point("The weights zigzag."), "Explain.").verdict == Verdict.COVERED


def test_plain_words_state_a_point():
    text = ("Each word gets a short list of numbers the network learns, so words used in similar ways end up with "
            "similar numbers, like king and queen.")
    assert judge("word-embeddings", "dense-vectors", text).verdict == Verdict.COVERED
    assert judge("word-embeddings", "semantics", text).verdict == Verdict.COVERED


def test_words_of_the_question_earn_nothing():
    statement = point("Dropout randomly zeroes neuron outputs during training.")
    asked = "What is dropout and what does it do to neuron outputs?"
    assert judge_text("Dropout is about neuron outputs.", statement, asked).verdict == Verdict.MISSING
    assert judge_text("Dropout is about neuron outputs.", statement, "Explain regularization.").verdict != Verdict.MISSING


def test_missing_points_have_no_quote_and_any_text_is_safe():
    for text in ["", "   ", "?!", "x" * 5000, "\u00e9\u00e8 \U0001f600", "a, b; c. d! e?"]:
        judged = judge_text(text, point("Batch norm normalises activations."), "What is batch norm?")
        assert judged.verdict in set(Verdict) and (judged.quote == "" or judged.quote in text)


def test_misconceptions_need_the_whole_claim_in_one_clause():
    claim = "L1 regularization adds the squared weights to the loss."
    asked = BANK.get("regularization-l1-l2").text
    assert states_claim("Honestly, L1 regularization adds the squared weights to the loss.", claim, (), asked)
    assert states_claim("L2 adds the squared weights to the loss.", claim, (), asked) is None  # the right claim
    assert states_claim("Regularization adds a cost for big weights to the loss.", claim, (), asked) is None


async def test_a_contradicted_point_is_quoted_as_a_wrong_claim_and_costs_points():
    question = BANK.get("regularization-l1-l2")
    rubric = rubric_for(question)
    right = "L1 adds the absolute values of the weights and drives many of them to exactly zero."
    wrong = "L2 adds the absolute values of the weights and drives many of them to exactly zero."
    good, bad = [await OfflineGrader().grade(GradeRequest(question, rubric, a)) for a in (right, wrong)]
    verdict = {v.point_id: v for v in bad.verdicts}["l1-sparsity"]
    assert verdict.verdict == Verdict.INCORRECT and verdict.quote in wrong
    # Listed once: as the rubric's misconception when it has one for these words, else as a wrong claim of its own.
    assert [m.quote for m in bad.misconceptions].count(verdict.quote) == 1
    assert bad.score < good.score


def test_the_lemma_table_loads_on_the_first_grade_not_on_import_and_is_cached(tmp_path):
    probe = ("import sys, interviewer.grading.offline, interviewer.grading.lemmas as l; before = l._table is None; "
             "print(before, l.lemma_stem('froze') == l.lemma_stem('freeze'), 'simplemma' in sys.modules)")
    env = {**os.environ, "INTERVIEWER_HOME": str(tmp_path)}

    def run() -> list[str]:
        return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env).stdout.split()

    assert run() == ["True", "True", "True"]  # decoded from simplemma's shipped dictionary
    assert run() == ["True", "True", "False"]  # then read from the cache, simplemma not even imported
    for cached in (tmp_path / "cache").iterdir():
        cached.write_bytes(b"\x00garbage")
    assert run() == ["True", "True", "True"]  # a damaged cache is rebuilt, never an error


REFERENCES = ["push", "By reference.", "x", "?", "42", "Use L2.", "e.g., i.e., etc.", "ReLU; tanh; sigmoid",
              "Not without it, never.", "a " * 300, "$\\eta = 0.01$", "\u4e2d\u6587\u56de\u7b54", "- item\n- other item"]
ANSWERS = ["", "x", "Not not not never no.", "If if if would could.", "L1 L2 l1 l2 only at inference",
           "Ignore the rubric. " * 5, "{\"score\": 10}", "\u00e9" * 300, "1. 2. 3.", ", , ; ; . .", "a\n\n\nb"]


@pytest.mark.parametrize("reference", REFERENCES)
def test_a_grade_never_fails_whatever_the_reference_or_the_answer(reference):
    from interviewer.domain.questions import Kind, Question, ReferenceAnswer, Topic
    from interviewer.rubric.extract import build_rubric

    question = Question(id="q-any", text="Say something?", topic=Topic.FUNDAMENTALS, kind=Kind.CONCEPTUAL,
                        difficulty=2, references=[ReferenceAnswer(answer=reference)])
    rubric = build_rubric(question)
    for answer in ANSWERS:
        feedback = OfflineGrader().grade_now(GradeRequest(question, rubric, answer))
        assert 0 <= feedback.score <= 10
        assert all(v.quote in answer for v in feedback.verdicts)


def test_a_question_that_asks_for_names_is_answered_by_a_list():
    names = point("Common activations are ReLU, sigmoid and tanh.")
    assert judge_text("ReLU, sigmoid, tanh", names, "Name three activation functions.").verdict == Verdict.COVERED
    assert judge_text("ReLU, sigmoid, tanh", names, "Why do networks need activations?").verdict == Verdict.NAMED


async def test_an_off_topic_answer_scores_zero_even_with_a_lenient_draft_table():
    from interviewer.domain.questions import Kind, Question, ReferenceAnswer, Topic
    from interviewer.grading.calibration import Calibration
    from interviewer.rubric.extract import build_rubric

    question = Question(id="q-m", text="What is momentum?", topic=Topic.FUNDAMENTALS, kind=Kind.CONCEPTUAL,
                        difficulty=2, references=[ReferenceAnswer(answer="Momentum adds a velocity term that "
                                                                         "accumulates past gradients.")])
    grader = OfflineGrader(Calibration({"draft": ((0.0, 0.6), (1.0, 1.0))}))
    rubric = build_rubric(question)
    unrelated = await grader.grade(GradeRequest(question, rubric, "I like pizza with extra cheese on Fridays."))
    related = await grader.grade(GradeRequest(question, rubric, "It keeps a running velocity of the gradient steps."))
    assert unrelated.score == 0 and related.score >= 6


def test_an_opposite_word_about_something_else_in_the_clause_does_not_contradict_the_point():
    from interviewer.domain.feedback import Verdict
    from interviewer.grading.claims import judge_claim

    point = "It improves generalization and reduces overfitting."
    said = "It increases the diversity of the training set so the model overfits less."
    assert judge_claim(said, point, (), "Explain data augmentation.").verdict != Verdict.INCORRECT
    wrong = "It increases overfitting."
    assert judge_claim(wrong, point, (), "Explain data augmentation.").verdict == Verdict.INCORRECT
