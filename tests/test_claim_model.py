"""The shipped claim model: loads from the package, fails clearly on a missing or damaged file, and judges
pairs from questions it never trained on as a person would."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from interviewer.errors import InterviewerError
from interviewer.evaluation.split import held_out
from interviewer.nlp import claim_model
from interviewer.nlp.claim_model import LABELS, ClaimModel, ClaimModelError, ClaimScores

# (question id, key point statement from its rubric, a clause an answer might hold, the expected label).
# All from held-out questions, written for this test (not in the training data).
HELD_OUT_PAIRS = [
    ("batch-normalization", "It allows higher learning rates.",
     "Thanks to it you can crank up the learning rate without training diverging.", "states"),
    ("overfitting-prevention", "Early stopping halts training when validation loss stops improving.",
     "I stop training as soon as the validation error starts creeping back up.", "states"),
    ("generative-adversarial-networks", "The discriminator classifies samples as real or generated.",
     "The second network's job is to spot which images are fakes and which came from the dataset.", "states"),
    ("imbalanced-datasets", "Undersample the majority class.",
     "You can throw away some of the examples from the big class so both classes are about the same size.",
     "states"),
    ("batch-normalization", "At inference it uses running averages of the statistics, not batch statistics.",
     "Running mean, running variance.", "names"),
    ("data-augmentation", "Transformations must preserve the label.",
     "Label preserving transformations, label.", "names"),
    ("word-embeddings", "Similar words get nearby vectors, capturing semantic relationships.",
     "Semantic relationships, similar words, vectors.", "names"),
    ("batch-normalization", "It allows higher learning rates.",
     "Once you add it you're stuck with a tiny learning rate or the loss explodes.", "contradicts"),
    ("data-augmentation", "Augmentation applies to training data, not the test set.",
     "I apply the same random flips and crops to the test images too.", "contradicts"),
    ("overfitting-prevention", "Early stopping halts training when validation loss stops improving.",
     "I always keep training for the full number of epochs even after the validation loss turns upward.",
     "contradicts"),
    ("imbalanced-datasets", "Evaluate with precision, recall, F1 or PR-AUC, not accuracy.",
     "On a skewed dataset plain accuracy is the best number to report.", "contradicts"),
    ("batch-normalization", "It allows higher learning rates.",
     "A GAN has a generator and a discriminator.", "unrelated"),
    ("word-embeddings", "Word embeddings are dense vector representations of words.",
     "Pooling layers shrink the feature maps.", "unrelated"),
    ("imbalanced-datasets", "Tune the decision threshold.",
     "I containerise the model with Docker before serving it.", "unrelated"),
]


@pytest.fixture
def model_copy(tmp_path) -> Path:
    """A private copy of the shipped model files, for tests that damage them."""
    target = tmp_path / "claim_model"
    shutil.copytree(claim_model.MODEL_DIR, target)
    return target


def test_the_shipped_model_loads_from_the_package_and_scores_a_batch():
    model = claim_model.default_model()
    assert model is claim_model.default_model()  # one session per process
    assert model.directory == claim_model.MODEL_DIR
    scores = claim_model.judge([("It allows higher learning rates.", "You can use a larger learning rate."),
                                ("It allows higher learning rates.", "Pooling layers shrink the maps.")])
    assert len(scores) == 2 and all(isinstance(s, ClaimScores) for s in scores)
    for s in scores:
        assert sum(getattr(s, label) for label in LABELS) == pytest.approx(1.0, abs=1e-4)
        assert s.label in LABELS
    assert claim_model.judge([]) == []


# What the shipped model still gets wrong (training/claims/report.md): "without training diverging" and
# "throw away some of the examples" read as reversals, two plain-words claims as unrelated. Strict: a model
# that gets one right fails here until the pair moves back to the plain list.
KNOWN_MISSES = {
    "Thanks to it you can crank up the learning rate without training diverging.",
    "The second network's job is to spot which images are fakes and which came from the dataset.",
    "You can throw away some of the examples from the big class so both classes are about the same size.",
    "Once you add it you're stuck with a tiny learning rate or the loss explodes.",
    "On a skewed dataset plain accuracy is the best number to report.",
}
HELD_OUT_PARAMS = [
    pytest.param(*row, id=f"{row[0]}-{row[3]}-{i}",
                 marks=[pytest.mark.xfail(strict=True, reason="known miss")] if row[2] in KNOWN_MISSES else [])
    for i, row in enumerate(HELD_OUT_PAIRS)
]


@pytest.mark.parametrize("question_id, point, text, expected", HELD_OUT_PARAMS)
def test_pairs_from_held_out_questions_are_judged_as_labelled(question_id, point, text, expected):
    assert held_out(question_id)  # the model never trained on this question
    (scores,) = claim_model.judge([(point, text)])
    assert scores.label == expected, scores


def test_a_batch_judges_each_pair_as_it_would_alone():
    # Only the weights are quantized: activations quantized per batch (quantize_dynamic) moved a pair's
    # scores by up to 0.27 with the other pairs of its batch.
    pairs = [(p, t) for _, p, t, _ in HELD_OUT_PAIRS]
    together = claim_model.judge(pairs)
    alone = [claim_model.judge([pair])[0] for pair in pairs]
    for a, b in zip(together, alone):
        assert a.label == b.label
        assert max(abs(getattr(a, label) - getattr(b, label)) for label in LABELS) < 1e-3


@pytest.mark.parametrize("name", ["model.onnx", "tokenizer.json", "config.json"])
def test_a_missing_model_file_is_a_clear_error_naming_it(model_copy, name):
    (model_copy / name).unlink()
    with pytest.raises(ClaimModelError) as raised:
        ClaimModel(model_copy)
    assert str(model_copy / name) in raised.value.message
    assert "missing" in raised.value.message
    assert isinstance(raised.value, InterviewerError)


def test_a_truncated_model_file_is_reported_as_damaged(model_copy):
    data = (model_copy / "model.onnx").read_bytes()
    (model_copy / "model.onnx").write_bytes(data[: len(data) // 2])
    with pytest.raises(ClaimModelError, match="damaged") as raised:
        ClaimModel(model_copy)
    assert str(model_copy / "model.onnx") in raised.value.message


def test_a_corrupt_model_file_without_a_checksum_is_still_a_clear_error(model_copy):
    config = json.loads((model_copy / "config.json").read_text())
    del config["model_sha256"]
    (model_copy / "config.json").write_text(json.dumps(config))
    (model_copy / "model.onnx").write_bytes(b"not an onnx graph at all")
    with pytest.raises(ClaimModelError, match="damaged") as raised:
        ClaimModel(model_copy)
    assert str(model_copy / "model.onnx") in raised.value.message


@pytest.mark.parametrize("text", ["{not json", '{"labels": ["states"]}'])
def test_a_damaged_config_is_reported(model_copy, text):
    (model_copy / "config.json").write_text(text)
    with pytest.raises(ClaimModelError, match="damaged"):
        ClaimModel(model_copy)


def test_a_damaged_tokenizer_is_reported(model_copy):
    (model_copy / "tokenizer.json").write_text('{"version": "1.0", "model": 7}')
    with pytest.raises(ClaimModelError, match="damaged") as raised:
        ClaimModel(model_copy)
    assert str(model_copy / "tokenizer.json") in raised.value.message


def test_judge_raises_the_clear_error_when_the_package_copy_is_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(claim_model, "MODEL_DIR", tmp_path / "nowhere")
    monkeypatch.setattr(claim_model, "_model", None)
    with pytest.raises(ClaimModelError, match="missing"):
        claim_model.judge([("a point", "a clause")])
