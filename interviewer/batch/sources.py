"""Where bulk answers come from: a cohort CSV, the interviews in the store, or a labelled eval dataset.

Each source yields `CohortAnswer`s and, for rows it cannot use, one line naming the row and what is wrong:
the rows that are fine are still prepared, and the user sees exactly which were not.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.errors import BadInputError

if TYPE_CHECKING:
    from interviewer.bank import Bank
    from interviewer.domain.questions import Question
    from interviewer.domain.rubrics import Rubric
    from interviewer.storage.store import Store

COHORT_COLUMNS = ("candidate", "question_id", "answer")


@dataclass(frozen=True)
class CohortAnswer:
    candidate: str
    question: Question
    rubric: Rubric
    answer: str
    source_row: str  # e.g. "cohort.csv:12": named in every message about this answer
    extra: dict[str, str] = field(default_factory=dict)  # the CSV's other columns, kept for the reports


@dataclass
class Skipped:
    messages: list[str] = field(default_factory=list)


def cohort_csv(path: Path, bank: Bank, skipped: Skipped) -> Iterator[CohortAnswer]:
    """Rows of `candidate, question_id, answer[, any other columns]`, one answer each, read as a stream."""
    from interviewer.rubric.store import rubric_for

    rubrics: dict[str, Rubric] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in COHORT_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise BadInputError(f"{path}: missing column(s) {missing}; a cohort CSV needs "
                                    f"{list(COHORT_COLUMNS)} (other columns are kept for the reports)")
            for record in reader:
                where = f"{path.name}:{reader.line_num}"
                candidate = (record.get("candidate") or "").strip()
                question_id = (record.get("question_id") or "").strip()
                if not candidate:
                    skipped.messages.append(f"{where}: empty candidate; row skipped")
                    continue
                if question_id not in bank.questions:
                    skipped.messages.append(f"{where}: unknown question id {question_id!r} (`interviewer bank list` "
                                            "shows the ids); row skipped")
                    continue
                question = bank.questions[question_id]
                if question_id not in rubrics:
                    rubrics[question_id] = rubric_for(question)
                extra = {k: v or "" for k, v in record.items() if k and k not in COHORT_COLUMNS}
                yield CohortAnswer(candidate, question, rubrics[question_id], record.get("answer") or "", where, extra)
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read the cohort CSV ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise BadInputError(f"{path}: not UTF-8 text; save the CSV as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)") from None
    except csv.Error as exc:
        raise BadInputError(f"{path}: not a readable CSV ({exc})") from None


def eval_dataset(path: Path, bank: Bank, skipped: Skipped) -> Iterator[CohortAnswer]:
    """A labelled dataset (`interviewer eval`'s format): each row is its own candidate, `row-LINE`, and the
    human score is kept beside the grade."""
    from interviewer.evaluation.dataset import read_dataset
    from interviewer.evaluation.runner import rubrics_for_dataset

    dataset = read_dataset(path)
    skipped.messages += dataset.skipped
    rubrics = rubrics_for_dataset(dataset, bank)
    for row in dataset.rows:
        question, rubric = rubrics[row.question_id]
        yield CohortAnswer(f"row-{row.line}", question, rubric, row.answer, f"{path.name}:{row.line}",
                           {"human_score": f"{row.score:g}", "max_score": f"{row.max_score:g}"})


def history(store: Store, bank: Bank, skipped: Skipped) -> Iterator[CohortAnswer]:
    """Every answered question of every stored interview (the candidate is the interview's id) and every
    answer given to `interviewer grade`, to re-grade them with another model or prompt."""
    from interviewer.rubric.store import rubric_for

    rubrics: dict[str, Rubric] = {}

    def rubric(question: Question) -> Rubric:
        if question.id not in rubrics:
            rubrics[question.id] = rubric_for(question)
        return rubrics[question.id]

    for summary in store.sessions():
        for i, record in enumerate(store.load(summary.id).record.records, 1):
            if not record.answer or record.skipped:
                continue
            where = f"interview {summary.id} question {i}"
            if record.question_id not in bank.questions:
                skipped.messages.append(f"{where}: question {record.question_id!r} is no longer in the bank; skipped")
                continue
            question = bank.questions[record.question_id]
            yield CohortAnswer(summary.id, question, rubric(question), record.answer, where)
    for row in store.db.execute("SELECT id, question_id, answer FROM saved_answers ORDER BY id"):
        where = f"saved answer {row['id']}"
        if row["question_id"] not in bank.questions:
            skipped.messages.append(f"{where}: question {row['question_id']!r} is no longer in the bank; skipped")
            continue
        question = bank.questions[row["question_id"]]
        yield CohortAnswer("saved-answers", question, rubric(question), row["answer"], where)
