"""Every rule of `interviewer rubrics check`, and the shipped rubrics pass them all."""

from __future__ import annotations

import pytest

from interviewer.bank import load_bank
from interviewer.domain.questions import Kind
from interviewer.domain.rubrics import Rubric, normalised_weights, reference_hash
from interviewer.rubric.check import check_all, check_rubric
from interviewer.rubric.store import load_rubrics


def point(pid: str, statement: str, weight: float) -> dict:
    return {"id": pid, "statement": statement, "weight": weight}


GOOD_POINTS = [
    point("dropout", "Dropout zeroes random units during training.", 0.4),
    point("weight-decay", "Weight decay penalises large weights in the loss.", 0.3),
    point("early-stopping", "Early stopping halts training when validation loss rises.", 0.3),
]


def rubric(points=GOOD_POINTS, **extra) -> Rubric:
    return Rubric.model_validate({"question_id": "q", "reference_hash": "0" * 16, "key_points": points, **extra})


def test_good_rubric_has_no_problems():
    assert check_rubric(rubric()) == []


WRONG = {"statement": "Dropout deletes neurons permanently.", "weight": -0.1}


def test_a_reviewed_conceptual_rubric_needs_two_misconceptions():
    one = rubric(status="reviewed", misconceptions=[{"id": "m1", **WRONG}])
    two = rubric(status="reviewed", misconceptions=[{"id": "m1", **WRONG}, {"id": "m2", **WRONG}])
    assert any("1 misconception(s)" in p for p in check_rubric(one, Kind.CONCEPTUAL))
    assert not any("misconception(s)" in p for p in check_rubric(two, Kind.CONCEPTUAL))
    assert not any("misconception(s)" in p for p in check_rubric(one, Kind.PRACTICAL))
    assert check_rubric(rubric(), Kind.CONCEPTUAL) == []  # drafts wait


def reversal(point_id: str | None, mid: str = "m") -> dict:
    return {"id": mid, **WRONG, "reverses": point_id}


REVERSING_ALL = [reversal(p["id"], f"not-{p['id']}") for p in GOOD_POINTS]


@pytest.mark.parametrize("kind", [Kind.CONCEPTUAL, Kind.PRACTICAL, Kind.DESIGN])
def test_a_reviewed_rubric_reverses_every_must_point(kind):
    missing_one = rubric(status="reviewed", misconceptions=REVERSING_ALL[1:])
    problems = check_rubric(missing_one, kind)
    assert [p for p in problems if "reverses it" in p] == [
        "must point 'dropout' has no misconception that reverses it: add the wrong claim a candidate would make, "
        "with reverses: dropout"]
    assert not any("reverses it" in p for p in check_rubric(rubric(status="reviewed", misconceptions=REVERSING_ALL), kind))


def test_nice_points_experience_questions_and_drafts_need_no_reversal():
    nice_first = [{**GOOD_POINTS[0], "importance": "nice"}, *GOOD_POINTS[1:]]
    assert not any("reverses it" in p for p in check_rubric(
        rubric(nice_first, status="reviewed", misconceptions=REVERSING_ALL[1:]), Kind.CONCEPTUAL))
    assert not any("reverses it" in p for p in check_rubric(rubric(status="reviewed"), Kind.EXPERIENCE))
    assert not any("reverses it" in p for p in check_rubric(rubric(), Kind.PRACTICAL))


def test_a_reversal_names_a_key_point_of_its_rubric():
    problems = check_rubric(rubric(misconceptions=[reversal("dropout", "ok"), reversal("no-such-point", "typo")]))
    assert problems == ["misconception 'typo' reverses 'no-such-point', which is not one of its key points"]


@pytest.mark.parametrize(("text", "split"), [
    ("a position-wise feed- forward network", "feed- forward"),
    ("twelve in BERT-base and twenty- four in BERT-large", "twenty- four"),
    ("Self- supervised pre-training helps", "Self- supervised"),
])
def test_a_word_split_by_yaml_folding_is_flagged_wherever_a_candidate_reads_it(text, split):
    answer = f"{MODEL_ANSWER} {text}."
    probed = [{**PROBED[0], "probes": [f"Why {text}?"]}, *PROBED[1:]]
    for problems in (check_rubric(rubric(PROBED, **TEACHING | {"model_answer": answer})),
                     check_rubric(rubric(PROBED, **TEACHING | {"depth_probes": [f"Why {text}?"]})),
                     check_rubric(rubric(probed, **TEACHING))):
        assert [p for p in problems if "splits" in p] and all(split in p for p in problems if "splits" in p), problems


@pytest.mark.parametrize("text", ["stack more layers - and watch the loss", "first- and second-order methods",
                                  "pre- or post-processing", "a dash -- like this", "an answer\n- with a list marker"])
def test_real_dashes_and_suspended_hyphens_are_not_flagged(text):
    answer = f"{MODEL_ANSWER} {text}."
    assert not any("splits" in p for p in check_rubric(rubric(PROBED, **TEACHING | {"model_answer": answer})))


@pytest.mark.parametrize(("raw", "expected"), [([], []), ([0, 0], [0.5, 0.5]), ([2, 1, 1], [0.5, 0.25, 0.25]),
                                                 ([1, 1, 1], [0.334, 0.333, 0.333])])
def test_normalised_weights_never_fail(raw, expected):
    assert normalised_weights(raw) == expected


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (GOOD_POINTS[:2], "has 2 key points; a rubric needs 3-8"),
        ([point(f"p{i}", f"Distinct point number {i} about topic {i * 7}.", 1 / 9) for i in range(9)], "has 9 key points"),
        ([*GOOD_POINTS[:2], point("short", "Use dropout.", 0.3)], "shorter than 3 words"),
        ([*GOOD_POINTS[:2], point("two", "Early stopping helps. It uses validation loss.", 0.3)], "more than one sentence"),
        ([*GOOD_POINTS[:2], point("early-stopping", "Early stopping halts when validation loss rises.", 0.5)], "sum to 1.200"),
        ([*GOOD_POINTS, point("dropout", "Batch normalization stabilises training a lot.", 0.0001)], "'dropout' is used twice"),
        ([*GOOD_POINTS[:2], point("dup", "Dropout zeroes random units while training.", 0.3)], "say the same thing"),
    ],
)
def test_each_quality_rule(points, expected):
    problems = check_rubric(rubric(points))
    assert any(expected in p for p in problems), problems


MODEL_ANSWER = " ".join(["Dropout zeroes random units while training so the network cannot lean on any one of them."] * 9)
PROBED = [{**p, "probes": ["What would you ask here?"]} for p in GOOD_POINTS]
TEACHING = {"status": "reviewed", "model_answer": MODEL_ANSWER, "depth_probes": ["How would you tune it?"]}


def test_reviewed_rubric_with_model_answer_and_probes_has_no_problems():
    assert check_rubric(rubric(PROBED, **TEACHING)) == []
    draft = rubric(**TEACHING | {"model_answer": None, "depth_probes": [], "status": "draft"})
    assert check_rubric(draft) == []  # drafts wait for review


@pytest.mark.parametrize(
    ("points", "teaching", "kind", "expected"),
    [
        (PROBED, {"model_answer": None}, None, "has no model_answer"),
        (PROBED, {"model_answer": "Too short to say anything."}, None, "model_answer has 5 words; it needs 120-250"),
        (PROBED, {"model_answer": MODEL_ANSWER * 3}, None, "it needs 120-250"),
        (PROBED, {"model_answer": "- first point\n" + MODEL_ANSWER}, None, "model_answer is a list"),
        (PROBED, {}, "experience", "start it with 'Example'"),
        (PROBED, {"depth_probes": []}, None, "has no depth_probes"),
        (PROBED, {"depth_probes": ["Tell me more."]}, None, "depth probe 'Tell me more.' is not a question"),
        (GOOD_POINTS, {}, None, "key point 'dropout' has no probes"),
        ([{**GOOD_POINTS[0], "probes": ["Say more."]}, *PROBED[1:]], {}, None, "probe 'Say more.' is not a question"),
        ([{**GOOD_POINTS[0], "phrasings": ["weight decay"], "probes": ["What does Weight Decay do?"]}, *PROBED[1:]],
         {}, None, "gives the answer away ('weight decay')"),
    ],
)
def test_each_teaching_rule_of_a_reviewed_rubric(points, teaching, kind, expected):
    problems = check_rubric(rubric(points, **TEACHING | teaching), question_kind=kind)
    assert any(expected in p for p in problems), problems


def test_weights_must_be_positive_by_the_model():
    with pytest.raises(ValueError, match="greater than 0"):
        rubric([*GOOD_POINTS[:2], point("neg", "A negative weighted key point.", -0.1)])


def test_experience_question_needs_star():
    assert any("STAR" in p for p in check_rubric(rubric(), question_kind="experience"))


def test_shipped_rubrics_cover_the_bank_and_pass():
    bank = load_bank()
    rubric_set = load_rubrics()
    assert check_all(bank, rubric_set) == []
    assert set(rubric_set.rubrics) == set(bank.questions)
    assert all(r.status == "reviewed" for r in rubric_set.rubrics.values())


def test_shipped_overfitting_rubric_names_the_techniques_an_interviewer_expects():
    rubric = load_rubrics().rubrics["overfitting-prevention"]
    phrasings = {p for kp in rubric.key_points for p in kp.phrasings}
    for technique in ("dropout", "weight decay", "l2 regularization", "early stopping", "data augmentation",
                      "more data", "simpler model", "cross-validation"):
        assert technique in phrasings
    assert not any("recent project" in kp.statement.lower() for kp in rubric.key_points)


def test_missing_stale_and_orphan_rubrics_are_each_named():
    bank = load_bank()
    rubric_set = load_rubrics()
    q = bank.questions["dropout"]
    bank.questions["dropout"] = q.model_copy(update={"references": [q.references[0].model_copy(update={"answer": "changed"})]})
    del rubric_set.rubrics["softmax"]
    rubric_set.rubrics["no-such-question"] = rubric(question_id="no-such-question")
    problems = "\n".join(check_all(bank, rubric_set))
    assert "dropout: stale rubric" in problems
    assert "softmax: no rubric" in problems
    assert "no-such-question: rubric for a question that is not in the bank" in problems
    assert reference_hash(bank.questions["dropout"]) != rubric_set.rubrics["dropout"].reference_hash


def test_invalid_rubric_file_is_reported_with_its_path(data_copy):
    broken = data_copy / "rubrics" / "softmax.yaml"
    broken.write_text(broken.read_text().replace("weight: ", "weight: heavy #", 1))
    problems = check_all(load_bank(), load_rubrics())
    assert any(str(broken) in p and "weight" in p for p in problems), problems
