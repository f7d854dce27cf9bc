"""Labelled CSV datasets: question, reference_answer, answer, score, max_score[, question_id, category,
verdicts, misconceptions]. The last two are a careful human's per-point labels (interviewer.evaluation.labels)."""

from __future__ import annotations

import csv
import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import BadInputError

REQUIRED = ("question", "reference_answer", "answer", "score", "max_score")
OPTIONAL = ("question_id", "category", "verdicts", "misconceptions")


@dataclass(frozen=True)
class LabelledAnswer:
    line: int
    question_id: str
    question: str
    reference_answer: str
    answer: str
    score: float
    max_score: float
    category: str = ""  # e.g. "keyword-list" in an adversarial set; empty when the CSV has none
    verdicts: str = ""  # JSON {point_id: {"verdict", "quote"}}: a human's per-point labels, when the set has them
    misconceptions: str = ""  # JSON [{"id", "quote"}]: the wrong claims that human found


@dataclass
class Dataset:
    rows: list[LabelledAnswer]
    skipped: list[str]  # one message per malformed row, with its line number


def read_dataset(path: Path, limit: int | None = None) -> Dataset:
    """The valid rows (the first `limit` of them: the rest of the file is not read) and the skipped ones."""
    from interviewer.files import NotARegularFile, require_regular

    try:
        require_regular(path)  # /dev/zero has no end of line to stop at
        handle = path.open(encoding="utf-8-sig", newline="")
    except NotARegularFile as exc:
        raise BadInputError(str(exc)) from None
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read the dataset ({exc.strerror})") from None
    with handle:
        reader = csv.DictReader(handle)
        try:
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise BadInputError(f"{path}: missing column(s) {missing}; a dataset needs {list(REQUIRED)} "
                                    f"({', '.join(OPTIONAL)} optional)")
            rows, skipped = [], []
            for record in reader:
                line = reader.line_num
                try:
                    rows.append(_row(record, line))
                except ValueError as exc:
                    skipped.append(f"{path}:{line}: {exc}; row skipped")
                if limit and len(rows) >= limit:
                    break
        except csv.Error as exc:
            raise BadInputError(f"{path}:{reader.line_num}: not a readable CSV ({exc})") from None
        except UnicodeDecodeError:
            raise _not_utf8(path) from None
    if not rows:
        raise BadInputError(f"{path}: no valid rows" + (f" ({len(skipped)} malformed)" if skipped else ""))
    return Dataset(rows, skipped)


def _not_utf8(path: Path) -> BadInputError:
    """Where the first byte that is not UTF-8 is (decoding ran ahead of the rows: find it in the bytes)."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return BadInputError(f"{path}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the CSV as UTF-8 "
                             "(e.g. `iconv -f latin1 -t utf-8`)")
    return BadInputError(f"{path}: not UTF-8 text; save the CSV as UTF-8")


def _row(record: dict[str, str | None], line: int) -> LabelledAnswer:
    values = {k: (record.get(k) or "").strip() for k in (*REQUIRED, *OPTIONAL)}
    for field in ("question", "reference_answer"):  # an empty answer is kept: the gate grades it 0
        if not values[field]:
            raise ValueError(f"empty {field}")
    try:
        score, max_score = float(values["score"]), float(values["max_score"])
    except ValueError:
        raise ValueError(f"score {values['score']!r} / max_score {values['max_score']!r} are not numbers") from None
    if not (math.isfinite(score) and math.isfinite(max_score)):
        raise ValueError(f"score {values['score']!r} / max_score {values['max_score']!r} must be finite numbers")
    if max_score <= 0 or not 0 <= score <= max_score:
        raise ValueError(f"score {score:g} is not within 0..max_score {max_score:g}")
    qid = values["question_id"] or hashlib.sha256(values["question"].encode()).hexdigest()[:10]
    return LabelledAnswer(line, _slug(qid), values["question"], values["reference_answer"], values["answer"], score,
                          max_score, values["category"], values["verdicts"], values["misconceptions"])


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug if slug and not slug[0].isdigit() else f"q-{slug or 'x'}"
