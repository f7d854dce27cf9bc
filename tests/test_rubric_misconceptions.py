"""The shipped misconceptions catch the wrong claims they describe and nothing a strong answer says.

A misconception costs the candidate points, so one that matches a correct answer is worse than none: the
offline grader must find none in a rubric's own model answer or in the bank's reference answers. A reversal
(`reverses: <point>`) must not match the very statement it reverses, and each of its phrasings must be one the
matcher can find in a plain sentence (a negated phrasing under a statement without a negation never can).
"""

from __future__ import annotations

from functools import cache


from interviewer.bank import load_bank
from interviewer.grading.base import GradeRequest
from interviewer.grading.claims import states_claim
from interviewer.grading.offline import OfflineGrader


@cache
def shipped():
    from interviewer.rubric.store import load_rubrics

    bank = load_bank()
    rubrics = load_rubrics().rubrics
    return [(question, rubrics[qid]) for qid, question in sorted(bank.questions.items())]


def misconceptions_found(question, rubric, answer: str) -> list[str]:
    feedback = OfflineGrader().grade_now(GradeRequest(question, rubric, answer))
    return [f"{m.misconception_id}: {m.quote!r}" for m in feedback.misconceptions if m.misconception_id]


def test_no_rubric_finds_a_misconception_in_its_own_model_answer():
    found = [f"{rubric.question_id} {hit}" for question, rubric in shipped() if rubric.model_answer
             for hit in misconceptions_found(question, rubric, rubric.model_answer)]
    assert found == []


def test_no_rubric_finds_a_misconception_in_a_reference_answer_of_the_bank():
    found = [f"{question.id} reference {n} {hit}" for question, rubric in shipped()
             for n, reference in enumerate(question.references, 1)
             for hit in misconceptions_found(question, rubric, reference.answer)]
    assert found == []


def test_no_reversal_matches_the_key_point_it_reverses():
    found = []
    for question, rubric in shipped():
        for m in rubric.misconceptions:
            if m.reverses:
                quote = states_claim(rubric.point(m.reverses).statement, m.statement, tuple(m.phrasings), question.text)
                if quote:
                    found.append(f"{rubric.question_id}/{m.id}: {quote!r}")
    assert found == []


def test_every_phrasing_of_a_reversal_is_caught_in_a_plain_sentence():
    missed = []
    for question, rubric in shipped():
        for m in rubric.misconceptions:
            for phrasing in m.phrasings if m.reverses else ():
                if not states_claim(f"I think {phrasing}.", m.statement, tuple(m.phrasings), question.text):
                    missed.append(f"{rubric.question_id}/{m.id}: {phrasing!r}")
    assert missed == []


def test_the_named_wrong_claims_are_caught():
    """The reversals issue #21 names, as a candidate says them, with and without a negation."""
    claims = {
        "lstm-networks": ["In practice an LSTM doesn't really help with vanishing gradients.",
                          "LSTMs do not help with vanishing gradients.",
                          "An LSTM suffers just as much from vanishing gradients as a plain RNN."],
        "fine-tuning-vs-transfer-learning": ["Fine-tuning is not transfer learning.",
                                             "Fine-tuning has nothing to do with it, they are separate techniques."],
        "deploying-to-production": ["Once it's live I don't bother monitoring the inputs."],
        "pytorch-regularization": ["Dropout stays active in eval mode."],
        "dropout": ["Dropout stays active at inference so predictions stay random."],
        "deep-learning-challenges": ["Transfer learning needs far more labelled data."],
    }
    by_id = {question.id: (question, rubric) for question, rubric in shipped()}
    missed = [f"{qid}: {claim}" for qid, answers in claims.items() for claim in answers
              if not misconceptions_found(*by_id[qid], claim)]
    assert missed == []


def test_a_contracted_denial_with_no_other_function_word_is_caught():
    question, rubric = next((q, r) for q, r in shipped() if q.id == "lstm-networks")
    assert misconceptions_found(question, rubric, "LSTMs don't really help with vanishing gradients.")
