"""Scoring from verdicts, the validity gate, evidence checks, the offline grader, injection resistance."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.bank import load_bank
from interviewer.domain.feedback import Feedback, MisconceptionFound, PointVerdict, Provenance, Verdict
from interviewer.grading.base import GradeRequest
from interviewer.grading.evidence import check_quotes
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.grading.gate import gate_reason
from interviewer.grading.offline import OfflineGrader
from interviewer.grading.scoring import RULES, compute_score
from interviewer.grading.service import grade
from interviewer.llm.errors import LLMUnavailable
from interviewer.rubric.store import rubric_for

BANK = load_bank()
Q = BANK.get("overfitting-prevention")
R = rubric_for(Q)
STRONG = ("I use dropout, which randomly zeroes units during training, and weight decay to penalise large weights. "
          "I stop early when validation loss stops improving, augment the data with flips and crops, and use "
          "cross-validation to detect overfitting. More data or a simpler model also helps.")
WEAK = "I would use dropout and maybe get more data."


def request(answer: str, question=Q, rubric=R) -> GradeRequest:
    return GradeRequest(question=question, rubric=rubric, answer=answer)


def verdicts(**by_id: Verdict) -> list[PointVerdict]:
    return [PointVerdict(point_id=p.id, verdict=by_id.get(p.id, Verdict.MISSING), quote="q") for p in R.key_points]


def test_score_is_weighted_credit_from_verdicts():
    assert compute_score(R, verdicts(), []) == 0
    assert compute_score(R, verdicts(**{p.id: Verdict.COVERED for p in R.key_points}), []) == 10
    part = compute_score(R, verdicts(dropout=Verdict.PARTIAL), [])
    full = compute_score(R, verdicts(dropout=Verdict.COVERED), [])
    assert part == pytest.approx(full * RULES.credit[Verdict.PARTIAL], abs=0.1)
    assert full == pytest.approx(10 * R.point("dropout").weight, abs=0.1)
    assert compute_score(R, verdicts(dropout=Verdict.INCORRECT), []) == 0


def test_misconceptions_subtract_once_each_and_score_never_goes_negative():
    all_covered = verdicts(**{p.id: Verdict.COVERED for p in R.key_points})
    wrong = MisconceptionFound(misconception_id="more-epochs", statement="s", quote="q")
    assert compute_score(R, all_covered, [wrong]) == 9.0
    assert compute_score(R, all_covered, [wrong, wrong]) == 9.0
    assert compute_score(R, verdicts(), [wrong]) == 0.0


@pytest.mark.parametrize("answer", ["", "   \n", "I don't know", "idk.", "no idea", "asdf qwrtzp xcvbnm lkjhg",
                                    "How do you prevent overfitting in deep learning models?", "blah blah blah blah"])
def test_gate_rejects_answers_that_cannot_earn_credit(answer):
    assert gate_reason(Q, answer)


def test_gate_passes_real_answers():
    assert gate_reason(Q, WEAK) is None and gate_reason(Q, STRONG) is None


@pytest.mark.parametrize("answer", ["I'm not sure, maybe it depends on the situation.",
                                    "Hmm, I guess it would probably help somehow with the model?",
                                    "I think it's kind of related to the data, not totally sure."])
def test_gate_rejects_hedges_with_nothing_to_check(answer):
    assert "hedges" in gate_reason(Q, answer)


@pytest.mark.parametrize("answer", ["I think dropout and weight decay would probably help.",
                                    "Maybe early stopping on the validation loss, I'm not sure."])
def test_gate_passes_hedged_answers_that_make_a_claim(answer):
    assert gate_reason(Q, answer) is None


def test_gate_treats_the_follow_up_question_as_part_of_the_question():
    follow_up = "What would you watch to decide when to stop training?"
    assert gate_reason(Q, "You would watch to decide when to stop training.") is None
    assert "repeats the question" in gate_reason(Q, "You would watch to decide when to stop training.", follow_up)


async def test_gated_answer_scores_zero_without_calling_the_grader():
    grader = ScriptedGrader([RuntimeError("must not be called")])
    feedback = await grade(request("I don't know"), grader)
    assert feedback.score == 0 and not feedback.valid_answer and feedback.strengths == []
    assert "don't know" in feedback.gate_reason and grader.requests == []
    assert feedback.stronger_answer.endswith(R.model_answer)  # something to learn from even so


def test_fabricated_quotes_are_downgraded_and_noted():
    checked, notes = check_quotes("I use dropout.", [
        PointVerdict(point_id="dropout", verdict=Verdict.COVERED, quote="I use DROPOUT"),
        PointVerdict(point_id="l1-l2", verdict=Verdict.COVERED, quote="weight decay penalises weights"),
        PointVerdict(point_id="early-stopping", verdict=Verdict.PARTIAL, quote=""),
    ])
    assert [v.verdict for v in checked] == [Verdict.COVERED, Verdict.MISSING, Verdict.MISSING]
    assert checked[1].downgraded and len(notes) == 2 and "l1-l2" in notes[0]


async def test_offline_grader_orders_strong_weak_wrong_and_off_topic():
    g = OfflineGrader()
    strong, weak = await g.grade(request(STRONG)), await g.grade(request(WEAK))
    wrong = await g.grade(request("Train for more epochs and apply dropout at inference time to be robust."))
    off = await g.grade(request("Transformers use self-attention over tokens with positional encodings."))
    assert strong.score >= 8 > weak.score > off.score == 0
    # The point it contradicts ("dropout ... during training") is wrong through the listed misconception's
    # words: one wrong claim, listed once.
    assert {m.misconception_id for m in wrong.misconceptions} == {"more-epochs", "dropout-inference"}
    assert {v.point_id for v in wrong.verdicts if v.verdict == Verdict.INCORRECT} == {"dropout"}
    assert all(v.quote in STRONG for v in strong.verdicts if v.verdict == Verdict.COVERED)
    assert strong.provenance.grader == "offline" and strong.provenance.rubric_hash == R.content_hash()


async def test_offline_grader_accepts_synonyms_and_typos():
    feedback = await OfflineGrader().grade(request(
        "Weight decay penalises large weights, droput randomly zeroes units, early stoping halts training when "
        "validation loss rises, and augmentaton of images adds variety."))
    covered = {v.point_id for v in feedback.verdicts if v.verdict == Verdict.COVERED}
    assert {"l1-l2", "dropout", "early-stopping", "augmentation"} <= covered


async def test_offline_feedback_is_actionable():
    feedback = await OfflineGrader().grade(request(WEAK))
    assert feedback.to_sharpen[0].startswith("Add: ") and "Early stopping" in " ".join(feedback.to_sharpen)
    assert feedback.follow_up in R.point(feedback.follow_up_point).probes
    assert feedback.stronger_answer.endswith(R.model_answer) and "dropout" in feedback.stronger_answer.split("\n")[0]
    assert {d.dimension for d in feedback.dimensions} == {"technical_accuracy", "completeness", "clarity_structure", "depth"}


async def test_experience_questions_get_star_coverage():
    q = BANK.get("experience-transfer-learning")
    answer = ("In my last project we had only 800 labelled X-rays. I was responsible for the classifier. "
              "I fine-tuned a pre-trained ResNet with a new head. Accuracy improved from 71% to 88%. "
              "I learned to freeze more layers early next time.")
    feedback = await OfflineGrader().grade(request(answer, q, rubric_for(q)))
    assert all(s.present for s in feedback.star) and len(feedback.star) == 5


async def test_llm_failure_falls_back_to_offline_and_says_so():
    feedback = await grade(request(WEAK), ScriptedGrader([LLMUnavailable("api.openai.com answered HTTP 503")]), OfflineGrader())
    assert feedback.provenance.grader == "offline" and feedback.provenance.fallback
    assert "503" in feedback.provenance.fallback_reason


async def test_llm_failure_without_fallback_raises():
    with pytest.raises(LLMUnavailable):
        await grade(request(WEAK), ScriptedGrader([LLMUnavailable("down")]))


async def test_scripted_grader_replays_its_script_then_follows_point_ids():
    canned = Feedback(question_id=Q.id, score=3, provenance=Provenance(grader="fake", rubric_id=Q.id, rubric_hash="x"))
    fake = ScriptedGrader([canned])
    assert (await fake.grade(request(WEAK))) is canned
    follow = await fake.grade(request("I would say dropout and early-stopping here."))
    assert {v.point_id for v in follow.verdicts if v.verdict == Verdict.COVERED} == {"dropout", "early-stopping"}


async def test_hints_cost_points_wherever_the_answer_is_graded():
    plain = await grade(request(STRONG), OfflineGrader())
    hinted = await grade(GradeRequest(question=Q, rubric=R, answer=STRONG, hints=2), OfflineGrader())
    assert hinted.score == max(0, plain.score - 2) and "2 hint(s)" in hinted.notes[-1]
    gated = await grade(GradeRequest(question=Q, rubric=R, answer="", hints=2), OfflineGrader())
    assert gated.score == 0 and gated.notes == []


@pytest.mark.parametrize("answer", ["Honestly I don't know this one.", "No idea, sorry.", "Sorry, I can't remember.",
                                    "pass", "not sure, sorry", "I'm drawing a blank on this one, sorry.",
                                    "I do not know about overfitting, I'm afraid.", "Can't recall, skip please."])
def test_gate_recognises_a_non_answer_however_it_is_phrased(answer):
    assert gate_reason(Q, answer)


@pytest.mark.parametrize("answer", ["I'm not sure which is better, but dropout zeroes random units so the model "
                                    "cannot memorise, and early stopping halts training when validation loss rises.",
                                    "I don't remember the exact name, but you stop training once the held-out "
                                    "error stops improving.",
                                    "No idea about the theory, but in practice I add weight decay and augmentation."])
def test_gate_passes_a_real_answer_that_opens_with_a_hedge(answer):
    assert gate_reason(Q, answer) is None


def test_the_gate_rejects_no_answer_a_human_gave_credit_in_any_labelled_set():
    """False positives measured on every labelled set in evals/: a gated answer scores 0 without a grader."""
    from interviewer.evaluation.dataset import read_dataset
    from interviewer.evaluation.runner import rubrics_for_dataset

    sets = sorted((Path(__file__).parents[1] / "evals").glob("*.csv"))
    assert sets
    for path in sets:
        dataset = read_dataset(path)
        questions = rubrics_for_dataset(dataset, load_bank())
        for row in dataset.rows:
            if row.score > 0:
                assert gate_reason(questions[row.question_id][0], row.answer) is None, (path.name, row.line)
