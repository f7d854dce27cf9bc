"""`interviewer eval`: metrics against hand-computed values, CSV validation, JSON shape, perturbations."""

from __future__ import annotations

import asyncio
import json
import math

import pytest

from interviewer.domain.feedback import Feedback, Provenance
from interviewer.domain.questions import Kind, Question, ReferenceAnswer, Topic
from interviewer.evaluation.dataset import Dataset, LabelledAnswer, read_dataset
from interviewer.evaluation.metrics import agreement, quadratic_weighted_kappa, ranks
from interviewer.evaluation.runner import evaluate
from interviewer.grading.base import GradeRequest
from interviewer.testing.fake_grader import ScriptedGrader
from interviewer.grading.offline import OfflineGrader
from interviewer.rubric.extract import build_rubric

# Predicted [0, 1, 2, 2] against human [0, 2, 2, 1] on a 0-2 scale, worked by hand:
#   means 1.25 / 1.25; sum of products 1.75; sums of squares 2.75 each -> Pearson 1.75 / 2.75
#   ranks [1, 2, 3.5, 3.5] vs [1, 3.5, 3.5, 2] -> Spearman 0.5
#   errors [0, -1, 0, 1] -> RMSE sqrt(0.5), MAE 0.5, mean signed 0, within half 2/4
#   QWK: observed off-diagonal weight 0.5, expected 1.375 -> 1 - 0.5 / 1.375
HAND = {"n": 4, "pearson": 1.75 / 2.75, "spearman": 0.5, "rmse": math.sqrt(0.5), "mae": 0.5,
        "mean_signed_error": 0.0, "qwk": 1 - 0.5 / 1.375, "within_half": 0.5}


def test_metrics_match_hand_computed_values():
    result = agreement([0, 1, 2, 2], [0, 2, 2, 1], 2)
    for name, value in HAND.items():
        assert getattr(result, name) == pytest.approx(value), name


def test_ties_share_ranks_and_constant_input_has_no_correlation():
    assert ranks([3, 1, 2, 2]) == [4, 1, 2.5, 2.5]
    assert agreement([1, 1, 1], [0, 1, 2], 2).pearson is None
    assert quadratic_weighted_kappa([0, 1, 2], [0, 1, 2], 0, 2) == 1.0


def test_lenient_grader_has_positive_signed_error():
    assert agreement([2, 2, 2], [0, 1, 2], 2).mean_signed_error == pytest.approx(1.0)


TINY = """question_id,question,reference_answer,answer,score,max_score
a,What does dropout do?,Dropout zeroes random units during training to reduce overfitting.,covered-by-fake,0,2
a,What does dropout do?,Dropout zeroes random units during training to reduce overfitting.,another answer,2,2
b,What is momentum?,Momentum accumulates past gradients to smooth updates.,x,2,2
b,What is momentum?,Momentum accumulates past gradients to smooth updates.,y,1,2
"""


def scripted(*scores: float) -> ScriptedGrader:
    provenance = Provenance(grader="fake", rubric_id="x", rubric_hash="x")
    return ScriptedGrader([Feedback(question_id="x", score=s, provenance=provenance) for s in scores])


async def test_evaluate_rescales_to_the_dataset_and_groups_by_question():
    rows = [LabelledAnswer(i + 2, q, "Q?", "Ref answer text here.", f"an answer {i}", h, 2)
            for i, (q, h) in enumerate([("a", 0), ("a", 2), ("b", 2), ("b", 1)])]
    result = await evaluate(Dataset(rows, []), scripted(0, 5, 10, 10), concurrency=1)  # 0-10 -> 0, 1, 2, 2
    assert result.predicted == [0, 1, 2, 2]
    assert result.overall.pearson == pytest.approx(HAND["pearson"])
    assert set(result.by_question) == {"a", "b"} and result.by_question["a"].n == 2


def test_cli_json_has_exactly_the_metric_names(run_cli, tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_text(TINY)
    code, out, _ = run_cli("eval", "--dataset", str(path), "--grader", "offline", "--json")
    report = json.loads(out)
    assert code == 0
    assert {"n", "pearson", "spearman", "rmse", "mae", "mean_signed_error", "qwk", "within_half"} <= set(report)
    assert report["n"] == 4 and report["grader"] == "offline"


def test_cli_by_question_and_perturb(run_cli, tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_text(TINY)
    code, out, _ = run_cli("eval", "--dataset", str(path), "--grader", "offline", "--json", "--by-question", "--perturb")
    report = json.loads(out)
    assert code == 0 and set(report["by_question"]) == {"a", "b"}
    assert set(report["shifts"]) == {"padding", "injection", "paraphrase"}


def test_malformed_rows_are_reported_with_line_numbers_and_skipped(run_cli, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(TINY + "b,What is momentum?,ref,z,high,2\nb,What is momentum?,,x,1,2\nb,Q,ref,w,3,2\n")
    code, out, err = run_cli("eval", "--dataset", str(path), "--grader", "offline", "--json")
    assert code == 0 and json.loads(out)["n"] == 4
    assert f"{path}:6: score 'high'" in err and f"{path}:7: empty reference_answer" in err
    assert f"{path}:8: score 3 is not within 0..max_score 2" in err


def test_an_empty_answer_is_graded_zero_by_the_gate_not_skipped(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("question,reference_answer,answer,score,max_score\nWhat is momentum?,It adds velocity.,,1,2\n")
    dataset = read_dataset(path)
    result = asyncio.run(evaluate(dataset, OfflineGrader()))
    assert len(dataset.rows) == 1 and not dataset.skipped and result.predicted == [0.0]


@pytest.mark.parametrize("reference", ["push", "By reference."])
def test_one_or_two_word_references_build_a_rubric_and_grade(reference):
    question = Question(id="q-short", text="How are arguments passed?", topic=Topic.FUNDAMENTALS, kind=Kind.CONCEPTUAL,
                        difficulty=2, references=[ReferenceAnswer(answer=reference)])
    rubric = build_rubric(question)
    feedback = OfflineGrader().grade_now(GradeRequest(question, rubric, f"They are passed {reference} here."))
    assert len(rubric.key_points) == 1 and rubric.key_points[0].weight == 1.0 and feedback.score > 0


def test_by_category_reports_mean_scores_per_category(run_cli, tmp_path):
    path = tmp_path / "cats.csv"
    path.write_text("question,reference_answer,answer,score,max_score,category\n"
                    "What is momentum?,Momentum adds a velocity term that accumulates past gradients.,"
                    "Momentum keeps a velocity that accumulates past gradients.,2,2,good\n"
                    "What is momentum?,Momentum adds a velocity term that accumulates past gradients.,,0,2,empty\n"
                    "What is momentum?,Momentum adds a velocity term that accumulates past gradients.,"
                    "I like pizza with cheese.,0,2,empty\n")
    code, out, _ = run_cli("eval", "--dataset", str(path), "--grader", "offline", "--json", "--by-category")
    report = json.loads(out)["by_category"]
    assert code == 0 and list(report) == ["good", "empty"]
    assert report["empty"] == {"n": 2, "mean_predicted": 0.0, "mean_human": 0.0}
    assert report["good"]["n"] == 1 and report["good"]["mean_predicted"] > 1


def test_no_valid_rows_exits_2(run_cli, tmp_path):
    path = tmp_path / "none.csv"
    path.write_text("question,reference_answer,answer,score,max_score\nQ,,answer,1,2\n")
    code, _, err = run_cli("eval", "--dataset", str(path))
    assert code == 2 and "no valid rows (1 malformed)" in err


def test_missing_columns_exit_2(run_cli, tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("question,answer\nQ,A\n")
    code, _, err = run_cli("eval", "--dataset", str(path))
    assert code == 2 and "missing column(s) ['reference_answer', 'score', 'max_score']" in err


def test_bank_questions_use_their_reviewed_rubric(run_cli, tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text("question_id,question,reference_answer,answer,score,max_score\n"
                    "dropout,What is the purpose of dropout?,ignored,Dropout zeroes random units while training.,5,10\n")
    from interviewer.evaluation.dataset import read_dataset
    from interviewer.evaluation.runner import rubrics_for_dataset
    from interviewer.bank import load_bank

    (question, rubric), = rubrics_for_dataset(read_dataset(path), load_bank()).values()
    assert rubric.status == "reviewed" and question.text.startswith("What is the purpose of dropout")
