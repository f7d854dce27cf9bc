"""The claim model: does a clause of an answer state a key point, only name it, contradict it, or neither?

A MiniLM-L6 cross-encoder fine-tuned on our own pairs (training/claims/, docs/claim-model.md), shipped as an
ONNX file with 8-bit weights and its tokenizer inside the package, and run with onnxruntime. Nothing is downloaded: the
files are loaded from `interviewer/nlp/claim_model/` on the first call to `judge`, once per process.

    from interviewer.nlp.claim_model import judge
    scores = judge([("Dropout is off at inference.", "Dropout stays active when I call model.eval()")])
    scores[0].label  # "contradicts"; scores[0].contradicts is its probability
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import InterviewerError

MODEL_DIR = Path(__file__).resolve().parent / "claim_model"
LABELS = ("states", "names", "contradicts", "unrelated")
THREADS = 2  # the machines we run on have two cores; more threads only contend


class ClaimModelError(InterviewerError):
    """The shipped claim model cannot be used (a file missing or damaged). Names the file."""

    title = "Claim model unavailable"


@dataclass(frozen=True)
class ClaimScores:
    """Probabilities (summing to 1) that a text states, only names, contradicts, or is unrelated to a point."""

    states: float
    names: float
    contradicts: float
    unrelated: float

    @property
    def label(self) -> str:
        return max(LABELS, key=lambda name: getattr(self, name))


def encode(tokenizer, pairs: Sequence[tuple[str, str]], max_length: int) -> dict:
    """Token ids for (point, text) pairs, padded to the longest in the batch. Training uses this too, so the
    model sees at run time exactly what it was trained on."""
    import numpy as np

    tokenizer.enable_truncation(max_length=max_length, strategy="longest_first")
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest of the batch, not a fixed length
    encodings = tokenizer.encode_batch([(point, text) for point, text in pairs])
    return {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }


class ClaimModel:
    """One loaded model: an onnxruntime session and its tokenizer."""

    def __init__(self, directory: Path = MODEL_DIR) -> None:
        self.directory = Path(directory)
        config = self._read_config()
        self.labels = tuple(config["labels"])
        self.max_length = int(config["max_length"])
        if self.labels != LABELS:
            raise ClaimModelError(f"The claim model's labels in {self.directory / 'config.json'} are "
                                  f"{list(self.labels)}, expected {list(LABELS)}.")
        self._tokenizer = self._load_tokenizer()
        self._session = self._load_session(config.get("model_sha256"))

    def _file(self, name: str) -> Path:
        path = self.directory / name
        if not path.is_file():
            raise ClaimModelError(f"The claim model file {path} is missing; reinstall interviewer.")
        return path

    def _read_config(self) -> dict:
        path = self._file("config.json")
        try:
            config = json.loads(path.read_text())
        except (ValueError, UnicodeDecodeError) as err:
            raise ClaimModelError(f"The claim model file {path} is damaged (not JSON).") from err
        if not isinstance(config, dict) or not {"labels", "max_length"} <= config.keys():
            raise ClaimModelError(f"The claim model file {path} is damaged (no labels or max_length).")
        return config

    def _load_tokenizer(self):
        from tokenizers import Tokenizer

        path = self._file("tokenizer.json")
        try:
            return Tokenizer.from_file(str(path))
        except Exception as err:  # the tokenizers library raises a bare Exception on a bad file
            raise ClaimModelError(f"The claim model file {path} is damaged ({err}).") from err

    def _load_session(self, expected_sha256: str | None):
        import onnxruntime

        path = self._file("model.onnx")
        data = path.read_bytes()
        if expected_sha256 and hashlib.sha256(data).hexdigest() != expected_sha256:
            raise ClaimModelError(f"The claim model file {path} is damaged (its checksum does not match).")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = THREADS
        options.inter_op_num_threads = 1
        try:
            return onnxruntime.InferenceSession(data, options, providers=["CPUExecutionProvider"])
        except Exception as err:  # onnxruntime's load errors share no public base class
            raise ClaimModelError(f"The claim model file {path} is damaged ({str(err).splitlines()[0]}).") from err

    def judge(self, pairs: Sequence[tuple[str, str]]) -> list[ClaimScores]:
        """Score every (key point, text) pair in one batched run."""
        import numpy as np

        if not pairs:
            return []
        inputs = encode(self._tokenizer, pairs, self.max_length)
        wanted = {i.name for i in self._session.get_inputs()}
        (logits,) = self._session.run(["logits"], {k: v for k, v in inputs.items() if k in wanted})
        logits = logits - logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        return [ClaimScores(*(float(p) for p in row)) for row in probs]


_lock = threading.Lock()
_model: ClaimModel | None = None


def default_model() -> ClaimModel:
    """The shipped model, loaded on first use and shared by the whole process."""
    global _model
    with _lock:
        if _model is None:
            _model = ClaimModel(MODEL_DIR)
        return _model


def judge(pairs: Sequence[tuple[str, str]]) -> list[ClaimScores]:
    """Score (key point statement, clause of an answer) pairs with the shipped model. Raises ClaimModelError
    when the model files are missing or damaged."""
    return default_model().judge(pairs)
