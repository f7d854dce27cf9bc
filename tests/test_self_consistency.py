"""Self-consistency (`--samples N`): per-point majority, agreement shown, test-retest measured."""

from __future__ import annotations

import itertools
import json

import httpx

from interviewer.bank import load_bank
from interviewer.domain.feedback import Feedback, PointVerdict, Provenance, Verdict
from interviewer.evaluation.metrics import retest_agreement
from interviewer.grading.self_consistency import majority
from interviewer.rubric.store import rubric_for
from tests_support import chat_completion, grade_body

Q = load_bank().get("overfitting-prevention")
R = rubric_for(Q)
ANSWER = "I use dropout during training. I also stop early when validation loss rises."
DROPOUT = ("covered", "I use dropout during training")
EARLY = ("covered", "stop early when validation loss rises")


def completion(verdicts: dict) -> httpx.Response:
    return httpx.Response(200, json=chat_completion(json.dumps(grade_body(R, verdicts))))


def test_grade_samples_takes_the_per_point_majority_and_shows_agreement(run_cli, openai_mock):
    route = openai_mock.post("/chat/completions").mock(side_effect=[
        completion({"dropout": DROPOUT, "early-stopping": EARLY}),
        completion({"dropout": DROPOUT}),
        completion({"dropout": DROPOUT, "early-stopping": EARLY}),
    ])
    code, out, err = run_cli("grade", "--question", Q.id, "--answer", ANSWER, "--grader", "openai", "--samples", "3", "--json")
    feedback = json.loads(out)
    assert code == 0, err
    assert route.call_count == 3 and {json.loads(c.request.content)["temperature"] for c in route.calls} == {0.7}
    verdicts = {v["point_id"]: v["verdict"] for v in feedback["verdicts"]}
    assert verdicts["dropout"] == verdicts["early-stopping"] == "covered" and verdicts["l1-l2"] == "missing"
    assert feedback["score"] == round(10 * (R.point("dropout").weight + R.point("early-stopping").weight), 1)
    assert "agreement per point: dropout 3/3, l1-l2 3/3, early-stopping 2/3" in feedback["notes"][-1]
    assert feedback["provenance"]["prompt_tokens"] == 300  # every sample's tokens are counted


def feedback(score: float, **verdicts: str) -> Feedback:
    return Feedback(question_id=Q.id, score=score,
                    verdicts=[PointVerdict(point_id=p.id, verdict=Verdict(verdicts.get(p.id.replace("-", "_"), "missing")))
                              for p in R.key_points],
                    provenance=Provenance(grader="openai", rubric_id=Q.id, rubric_hash=R.content_hash(), prompt_tokens=10))


def test_a_split_vote_goes_to_the_lower_credit_and_is_worth_a_second_look():
    combined = majority(R, [feedback(3, dropout="covered"), feedback(0)])
    assert combined.verdicts[0].point_id == "dropout" and combined.verdicts[0].verdict == Verdict.MISSING
    assert combined.score == 0 and combined.provenance.prompt_tokens == 20
    assert combined.flags == ["'dropout' is worth a second look: the samples split (1 covered, 1 missing)."]


def test_retest_agreement_compares_repeated_grades_of_each_answer():
    rounds = [[feedback(8, dropout="covered"), feedback(6)],
              [feedback(2), feedback(2)],
              [feedback(5, dropout="covered"), feedback(5, dropout="covered")]]
    figures = retest_agreement(rounds)
    points = len(R.key_points)
    assert figures["answers"] == 3 and figures["retest_mean_abs_diff"] == round(2 / 3, 4)
    assert figures["point_agreement"] == round((3 * points - 0.5) / (3 * points), 4)
    assert 0 < figures["retest_pearson"] < 1


def test_eval_reports_test_retest_agreement(run_cli, openai_mock, tmp_path):
    replies = itertools.cycle([{"dropout": DROPOUT, "early-stopping": EARLY}, {"dropout": DROPOUT}])
    openai_mock.post("/chat/completions").mock(side_effect=lambda request: completion(next(replies)))
    dataset = tmp_path / "set.csv"
    dataset.write_text("question,reference_answer,answer,score,max_score,question_id\n"
                       + "".join(f'"{Q.text}","Dropout.","{ANSWER}",{s},10,{Q.id}\n' for s in (5, 6)))
    code, out, err = run_cli("eval", "--dataset", str(dataset), "--grader", "openai", "--samples", "2",
                             "--concurrency", "1", "--json")
    report = json.loads(out)
    assert code == 0, err
    both = round(10 * (R.point("dropout").weight + R.point("early-stopping").weight), 1)
    gap = round(both - round(10 * R.point("dropout").weight, 1), 4)
    assert report["retest"]["answers"] == 2 and report["retest"]["retest_mean_abs_diff"] == gap
    assert report["retest"]["point_agreement"] == round((len(R.key_points) - 0.5) / len(R.key_points), 4)


def test_samples_need_the_llm_grader_and_a_sane_count(run_cli):
    code, _, err = run_cli("grade", "--question", Q.id, "--answer", ANSWER, "--grader", "offline", "--samples", "3")
    assert code == 2 and "--samples needs the LLM grader" in err and "Traceback" not in err
    code, _, err = run_cli("grade", "--question", Q.id, "--answer", ANSWER, "--samples", "0")
    assert code == 2 and "--samples must be between 1 and 9" in err
