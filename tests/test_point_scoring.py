"""Scoring as an interviewer scores (issue #21): named earns little, a wrong claim costs more than an
omission and counts once; a labelled set's implied score; the oracle stand-in keeps a careful human's
verdicts through the LLM path."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import httpx
import pytest

from interviewer.bank import load_bank
from interviewer.domain.feedback import MisconceptionFound, PointVerdict, Verdict
from interviewer.errors import BadInputError
from interviewer.evaluation.dataset import read_dataset
from interviewer.evaluation.labels import implied_score, point_labels
from interviewer.grading.base import GradeRequest
from interviewer.grading.offline import OfflineGrader
from interviewer.grading.openai_grader import OpenAIGrader
from interviewer.grading.scoring import compute_score
from interviewer.llm.client import make_client
from interviewer.llm.structured import StructuredCaller
from interviewer.rubric.store import rubric_for
from interviewer.settings import load_settings
from interviewer.testing.standin_server import main as standin_main
from interviewer.testing.standin_server import read_labels, reply_to

BANK = load_bank()
Q = BANK.get("dropout")
R = rubric_for(Q)
ANSWER = ("During training dropout switches off a random share of the units on each step, so the network cannot "
          "lean on any one of them. It stays active when I call model.eval(), so predictions are noisy.")


def verdicts(**by_id: str) -> list[PointVerdict]:
    return [PointVerdict(point_id=p.id, verdict=Verdict(by_id.get(p.id, "missing")), quote="q") for p in R.key_points]


def all_points(verdict: str) -> dict[str, str]:
    return {p.id: verdict for p in R.key_points}


def test_a_named_point_earns_little_and_a_wrong_claim_costs_more_than_leaving_it_out():
    named = compute_score(R, verdicts(**all_points("named")), [])
    partial = compute_score(R, verdicts(**all_points("partial")), [])
    assert 0 < named <= 2 < partial
    everything = all_points("covered")
    missing_one = compute_score(R, verdicts(**{**everything, "inference-off": "missing"}), [])
    wrong_one = compute_score(R, verdicts(**{**everything, "inference-off": "incorrect"}), [])
    assert wrong_one < missing_one < 10


def test_a_wrong_claim_counts_once_however_it_is_labelled():
    reversal = next(m for m in R.misconceptions if m.reverses == "inference-off")
    rubric = R
    wrong = verdicts(**{**all_points("covered"), "inference-off": "incorrect"})
    alone = compute_score(rubric, wrong, [])
    as_listed = MisconceptionFound(misconception_id=reversal.id, statement="s", quote="other words")
    as_unlisted = MisconceptionFound(statement="s", quote="q")  # the incorrect point's own words
    assert compute_score(rubric, wrong, [as_listed]) == alone == compute_score(rubric, wrong, [as_unlisted])
    elsewhere = MisconceptionFound(misconception_id="dropout-pruning", statement="s", quote="prunes")
    assert compute_score(rubric, wrong, [elsewhere]) < alone


def labelled_csv(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "labels.csv"
    columns = ["question_id", "question", "reference_answer", "answer", "score", "max_score", "category", "verdicts",
               "misconceptions"]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({"question_id": "dropout", "question": Q.text, "reference_answer": Q.references[0].answer,
                             "max_score": 10, "category": "reversed-one", **row})
    return path


LABELS = {
    "random-zeroing": {"verdict": "covered", "quote": "dropout switches off a random share of the units on each step"},
    "regularization": {"verdict": "missing", "quote": ""},
    "redundant-representations": {"verdict": "partial", "quote": "the network cannot lean on any one of them"},
    "inference-off": {"verdict": "incorrect", "quote": "It stays active when I call model.eval()"},
    "inference-scaling": {"verdict": "missing", "quote": ""},
    "rate": {"verdict": "missing", "quote": ""},
    "ensemble-view": {"verdict": "missing", "quote": ""},
}


def test_the_implied_score_is_our_rules_on_the_labels_and_a_bad_label_names_its_line(tmp_path):
    path = labelled_csv(tmp_path, [{"answer": ANSWER, "score": 4, "verdicts": json.dumps(LABELS), "misconceptions": "[]"}])
    row = read_dataset(path).rows[0]
    labels = point_labels(row, R)
    assert implied_score(row, R) == compute_score(R, labels.verdicts, [])
    assert {v.point_id: v.verdict for v in labels.verdicts}["inference-off"] == Verdict.INCORRECT
    short = {k: v for k, v in LABELS.items() if k != "rate"}
    bad = read_dataset(labelled_csv(tmp_path, [{"answer": ANSWER, "score": 4, "verdicts": json.dumps(short)}])).rows[0]
    with pytest.raises(BadInputError, match=r"line 2 \(dropout\).*rate"):
        point_labels(bad, R)


async def test_the_oracle_stand_in_through_the_llm_path_keeps_the_labels_score(tmp_path, openai_mock):
    path = labelled_csv(tmp_path, [{"answer": ANSWER, "score": 4, "verdicts": json.dumps(LABELS), "misconceptions": "[]"}])
    labels = read_labels(path)
    openai_mock.post("/chat/completions").mock(
        side_effect=lambda request: httpx.Response(200, json=reply_to(json.loads(request.content), "oracle", labels)))
    settings = load_settings()
    feedback = await OpenAIGrader(StructuredCaller(make_client(settings.llm), settings.llm), settings).grade(
        GradeRequest(Q, R, ANSWER))
    assert feedback.score == implied_score(read_dataset(path).rows[0], R)
    assert {v.point_id: v.verdict.value for v in feedback.verdicts} == {k: v["verdict"] for k, v in LABELS.items()}


def test_the_stand_in_explains_its_options_instead_of_starting(capsys):
    with pytest.raises(SystemExit) as exit_:
        standin_main(["--help"])
    assert exit_.value.code == 0 and "--oracle" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        standin_main(["--oracle", "no-such-labels.csv"])
    assert exit_.value.code == 2


def test_an_experience_story_naming_real_tools_and_a_project_earns_its_credit():
    question = BANK.get("experience-frameworks")
    story = ("I have used PyTorch for two years, training image classifiers with ResNet backbones for a retail client. "
             "We wrote custom data loaders, fine-tuned on fifty thousand product photos and tracked experiments in "
             "Weights and Biases; accuracy went from 81% to 90%. I also use NumPy and scikit-learn for metrics.")
    feedback = OfflineGrader().grade_now(GradeRequest(question, rubric_for(question), story))
    covered = {v.point_id for v in feedback.verdicts if v.verdict == Verdict.COVERED}
    assert {"names-frameworks", "concrete-project", "supporting-libraries"} <= covered and feedback.score >= 6
    vague = OfflineGrader().grade_now(GradeRequest(question, rubric_for(question), "I like frameworks, they are useful."))
    assert vague.score < 3
