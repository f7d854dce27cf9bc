"""`interviewer agreement` and `transcripts export --labelled`, on a history made by benchmarks/make_history.py
with corrections: the figures are checked against a count made straight from the written files."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from interviewer.bank import load_bank
from interviewer.evaluation.dataset import read_dataset
from interviewer.evaluation.labels import implied_score
from interviewer.presentation.agreement import agreement, cohen_kappa, reviewed_answers
from interviewer.rubric.store import rubric_for
from interviewer.storage.opening import open_store

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from make_history import write_history  # noqa: E402

BANK = load_bank()


def test_kappa_by_hand():
    # observed 3/4; chance: grader covered 2/4, missing 2/4; you covered 3/4, missing 1/4 -> 1/2; (3/4-1/2)/(1/2)
    pairs = [("covered", "covered"), ("covered", "covered"), ("missing", "covered"), ("missing", "missing")]
    assert cohen_kappa(pairs) == pytest.approx(0.5)
    assert cohen_kappa([("covered", "covered")] * 3) is None and cohen_kappa([]) is None
    assert cohen_kappa([("covered", "missing"), ("missing", "covered")]) == pytest.approx(-1.0)


def events_in_files(sessions: Path):
    """Every readable event of every written file, by session (what a careful person would count)."""
    for path in sorted(sessions.glob("*.jsonl")):
        events = []
        for line in path.read_bytes().splitlines():
            try:
                events.append(json.loads(line.decode()))
            except ValueError:  # torn, not JSON or not UTF-8: the importer skips these lines too
                continue
        yield path.stem, events


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    home = tmp_path_factory.mktemp("history")
    write_history(10, home, seed=3, correct=0.6)
    return home


def test_agreement_matches_a_count_from_the_written_files(history, monkeypatch):
    monkeypatch.setenv("INTERVIEWER_HOME", str(history))
    latest, grader_scores, topics, graders = {}, {}, {}, {}
    for session, events in events_in_files(history / "sessions"):
        ids = events[0]["config"]["question_ids"]
        for e in events:
            if e["type"] == "feedback_received" and e["follow_up"] is None:
                grader_scores[session, e["index"]] = e["feedback"]["score"]
                p = e["feedback"]["provenance"]
                graders[session, e["index"]] = f"{p['grader']} {p['model']}" if p["model"] else p["grader"]
            if e["type"] == "verdict_reviewed" and (session, e["index"]) in grader_scores:
                latest[session, e["index"], e["point_id"]] = e  # a later review of a point replaces the earlier
                topics[session, e["index"]] = BANK.get(ids[e["index"]]).topic.value
    pairs = [(e["grader_verdict"], e["verdict"]) for e in latest.values()]
    last_score = {(s, i): e["score"] for (s, i, _), e in latest.items()}
    assert len(pairs) > 20 and 0 < sum(a != b for a, b in pairs) < len(pairs)  # the history has both kinds

    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    grader, you = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(grader[k] / n * you[k] / n for k in grader)
    per_topic = Counter()
    for (s, i, _), e in latest.items():
        per_topic[topics[s, i]] += e["grader_verdict"] != e["verdict"]

    result = agreement(reviewed_answers(open_store()), BANK)
    assert result.answers == len(last_score)
    assert (result.overall.reviewed, result.overall.changed) == (n, sum(a != b for a, b in pairs))
    assert result.kappa == pytest.approx((observed - chance) / (1 - chance))
    differences = [last_score[key] - grader_scores[key] for key in last_score]
    assert result.mean_score_difference == pytest.approx(sum(differences) / len(differences))
    assert {t: s.changed for t, s in result.by_topic.items()} == dict(per_topic)
    per_grader = Counter(graders[s, i] for s, i, _ in latest)
    assert {g: s.reviewed for g, s in result.by_grader.items()} == dict(per_grader)


def test_the_labelled_export_is_a_dataset_eval_accepts(history, monkeypatch, run_cli, tmp_path):
    monkeypatch.setenv("INTERVIEWER_HOME", str(history))
    path = tmp_path / "mine.csv"
    code, _, err = run_cli("transcripts", "export", "--labelled", str(path))
    assert code == 0 and "reviewed answer(s)" in err
    dataset = read_dataset(path)
    main_answers = [a for a in reviewed_answers(open_store()) if a.follow_up is None]
    assert len(dataset.rows) == len(main_answers) and not dataset.skipped
    for row, answer in zip(dataset.rows, main_answers, strict=True):
        labels = json.loads(row.verdicts)
        assert {p: r.verdict.value for p, r in answer.graded.reviews.items()}.items() <= {
            p: v["verdict"] for p, v in labels.items()}.items()  # the candidate's verdicts are the labels
        assert implied_score(row, rubric_for(BANK.get(row.question_id))) == row.score
    code, out, _ = run_cli("eval", "--dataset", str(path), "--grader", "offline", "--limit", "3")
    assert code == 0 and "implied" in out


def test_export_wants_an_id_or_labelled_not_both(isolated_environment, run_cli, tmp_path):
    code, _, err = run_cli("transcripts", "export")
    assert code != 0 and "--labelled CSV" in err
    code, _, err = run_cli("transcripts", "export", "abc", "--labelled", str(tmp_path / "x.csv"))
    assert code != 0 and "not both" in err
