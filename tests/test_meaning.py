"""Key points judged by meaning (issue #23), with a scripted pair judge standing in for the model."""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.bank import load_bank
from interviewer.domain.feedback import PointVerdict, Verdict
from interviewer.grading import verdict_check
from interviewer.grading.meaning import judge_points, model_opinion, windows
from interviewer.rubric.store import rubric_for

Q = load_bank().get("dropout")
R = rubric_for(Q)


@dataclass(frozen=True)
class S:
    states: float = 0.0
    names: float = 0.0
    contradicts: float = 0.0
    unrelated: float = 1.0


def scripted(readings: dict[str, S], point_phrase: dict[str, str] | None = None):
    """A judge that reads a window by a phrase it contains (for a point, only that point's phrase when
    `point_phrase` maps statements to phrases); anything else is unrelated."""
    def judge(pairs):
        judge.calls.append(list(pairs))
        out = []
        for point, text in pairs:
            phrases = [point_phrase[point]] if point_phrase else list(readings)
            out.append(next((readings[ph] for ph in phrases if ph in text), S()))
        return out

    judge.calls = []
    return judge


ANSWER = ("It switches off random units each step, so nothing can rely on a partner. "
          "It stays on when I call model.eval(). Ensembles.")


def test_windows_are_the_clauses_and_sentences_of_the_answer_each_once():
    found = windows(ANSWER)
    assert "It switches off random units each step" in found and "so nothing can rely on a partner." in found
    assert "It switches off random units each step, so nothing can rely on a partner." in found
    assert len(found) == len(set(found))


def test_each_reading_becomes_a_verdict_with_the_deciding_window_in_one_batch():
    phrase = {"random-zeroing": "random units", "inference-off": "stays on", "redundant-representations":
              "rely on a partner", "ensemble-view": "Ensembles", "rate": "nothing matches"}
    readings = {"random units": S(states=0.9, unrelated=0.1), "stays on": S(contradicts=0.8, unrelated=0.2),
                "rely on a partner": S(states=0.3, unrelated=0.7), "Ensembles": S(names=0.7, unrelated=0.3)}
    points = [R.point(pid) for pid in phrase]
    judge = scripted(readings, {R.point(pid).statement: ph for pid, ph in phrase.items()})
    verdicts = judge_points(points, ANSWER, judge)
    assert [v.verdict for v in verdicts] == [Verdict.COVERED, Verdict.INCORRECT, Verdict.PARTIAL, Verdict.NAMED,
                                             Verdict.MISSING]
    assert "stays on" in verdicts[1].quote and verdicts[4].quote == ""
    assert len(judge.calls) == 1 and len(judge.calls[0]) == len(points) * len(windows(ANSWER))


def test_the_model_overrules_an_llm_verdict_only_when_it_is_sure():
    quote = "It stays on when I call model.eval()."
    claimed = [PointVerdict(point_id="inference-off", verdict=Verdict.COVERED, quote=quote)]
    leaning = model_opinion(scripted({"stays on": S(contradicts=0.7, unrelated=0.3)}))
    unsure = verdict_check.check_verdicts(R, Q.text, quote, claimed, leaning)
    assert unsure.verdicts[0].verdict == Verdict.COVERED and unsure.flags
    certain = model_opinion(scripted({"stays on": S(contradicts=0.95, unrelated=0.05)}))
    sure = verdict_check.check_verdicts(R, Q.text, quote, claimed, certain)
    assert sure.verdicts[0].verdict == Verdict.INCORRECT and "contradict" in sure.notes[0]
    named = verdict_check.check_verdicts(R, Q.text, "Dropout, eval mode, inference.", [
        PointVerdict(point_id="inference-off", verdict=Verdict.COVERED, quote="Dropout, eval mode, inference.")],
        model_opinion(scripted({"eval mode": S(names=0.95, unrelated=0.05)})), experience=True)
    assert named.verdicts[0].verdict == Verdict.NAMED


def test_without_the_claim_model_the_words_still_grade_and_the_grade_says_so(monkeypatch, tmp_path):
    from interviewer.grading.base import GradeRequest
    from interviewer.grading.offline import OfflineGrader
    from interviewer.nlp import claim_model

    monkeypatch.setattr(claim_model, "MODEL_DIR", tmp_path)
    monkeypatch.setattr(claim_model, "_model", None)
    feedback = OfflineGrader().grade_now(GradeRequest(Q, R, "Dropout randomly zeroes units during training."))
    assert feedback.provenance.model == "words only" and feedback.score > 0
    assert any("word matching only" in n and str(tmp_path) in n for n in feedback.notes)


def test_the_offline_grader_takes_each_points_verdict_from_the_meaning_judge():
    from interviewer.grading.base import GradeRequest
    from interviewer.grading.offline import OfflineGrader

    answer = "Dropout stays active when I call model.eval(), so every prediction is noisy."
    judge = scripted({"stays active": S(contradicts=0.9, unrelated=0.1)}, {R.point("inference-off").statement: "stays active",
                     **{p.statement: "no such phrase" for p in R.key_points if p.id != "inference-off"}})
    feedback = OfflineGrader(judge=judge).grade_now(GradeRequest(Q, R, answer))
    verdicts = {v.point_id: v for v in feedback.verdicts}
    assert verdicts["inference-off"].verdict == Verdict.INCORRECT and "stays active" in verdicts["inference-off"].quote
    assert feedback.provenance.model == "claim model" and len(judge.calls) == 1
