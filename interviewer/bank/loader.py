"""Load the built-in question bank plus any extra files or folders the user names.

Every problem is collected (not just the first) and reported with file, line, entry and field,
so a person fixing a bank file sees everything wrong in one run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from interviewer.bank.yaml_source import SourceFileError, YamlDocument, read_yaml
from interviewer.domain.questions import Question, Tip
from interviewer.errors import BadInputError, BankError
from interviewer.locations import bundled_dir

BANK_SUFFIXES = (".yaml", ".yml")


@dataclass
class Bank:
    questions: dict[str, Question] = field(default_factory=dict)
    tips: list[Tip] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)  # question id -> "file:line"

    def get(self, question_id: str) -> Question:
        try:
            return self.questions[question_id]
        except KeyError:
            import difflib

            near = difflib.get_close_matches(question_id, list(self.questions), n=3)
            suggestion = f" Did you mean {' or '.join(map(repr, near))}?" if near else ""
            raise BadInputError(
                f"No question with id {question_id!r}.{suggestion} `interviewer bank list` shows every id.",
                title="Unknown question",
            ) from None

    def require(self, question_ids: Iterable[str], doing: str) -> None:
        """Raise a BadInputError naming the questions this bank lacks (a past interview taken with `--bank`)."""
        missing = sorted(set(question_ids) - self.questions.keys())
        if missing:
            raise BadInputError(f"Cannot {doing}: {', '.join(map(repr, missing))} not in the question bank. Start "
                                "interviewer with the --bank it was taken with.", title="Question not in the bank")

    def topic_of(self) -> dict[str, str]:
        """Question id -> topic, as the store's progress queries join them."""
        return {qid: q.topic.value for qid, q in self.questions.items()}

    def filter(self, topics: Iterable[str] = (), kinds: Iterable[str] = ()) -> list[Question]:
        topics, kinds = set(topics), set(kinds)
        return [
            q
            for q in self.questions.values()
            if (not topics or q.topic in topics) and (not kinds or q.kind in kinds)
        ]


def bank_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their YAML files (sorted, so load order is stable)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in BANK_SUFFIXES and p.is_file()))
        elif path.exists():
            files.append(path)
        else:
            raise BadInputError(f"{path}: no such file or folder (named as a question bank)")
    return files


def load_bank(extra: Iterable[Path] = (), *, include_builtin: bool = True) -> Bank:
    roots = ([bundled_dir("question_bank")] if include_builtin else []) + [Path(p) for p in extra]
    bank, problems = Bank(), []
    for path in bank_files(roots):
        try:
            doc = read_yaml(path)
        except SourceFileError as exc:
            problems.append(str(exc))
            continue
        problems.extend(_add_document(bank, doc))
    if problems:
        raise BankError(problems)
    return bank


def _add_document(bank: Bank, doc: YamlDocument) -> list[str]:
    data, path = doc.data, doc.path
    if not isinstance(data, dict) or not ({"questions", "tips"} & data.keys()):
        return [f"{path}: expected a mapping with a `questions:` list (or `tips:`), found {_kind_of(data)}"]
    unknown = set(data) - {"topic", "questions", "tips"}
    if unknown:
        return [f"{path}: unknown top-level key(s) {sorted(unknown)}; allowed: topic, questions, tips"]
    problems = []
    problems += _add_entries(bank, doc, "questions", default_topic=data.get("topic"))
    problems += _add_entries(bank, doc, "tips")
    return problems


def _add_entries(bank: Bank, doc: YamlDocument, key: str, default_topic: Any = None) -> list[str]:
    entries = doc.data.get(key)
    if entries is None:
        return []
    if not isinstance(entries, list):
        return [f"{doc.path}: `{key}` must be a list of entries, found {_kind_of(entries)}"]
    lines = doc.item_lines(key)
    problems = []
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else 0
        where = f"{doc.path}:{line}: {key[:-1]} {index + 1}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping of fields, found {_kind_of(entry)}")
            continue
        if "id" in entry:
            where += f" (id {entry['id']!r})"
        try:
            if key == "tips":
                bank.tips.append(Tip.model_validate(entry))
                continue
            question = Question.model_validate({"topic": default_topic, **entry} if default_topic else entry)
        except ValidationError as exc:
            problems.extend(f"{where}: {msg}" for msg in describe_validation_error(exc))
            continue
        if question.id in bank.questions:
            problems.append(
                f"{where}: duplicate id {question.id!r}, already defined at {bank.origins[question.id]}; "
                "ids must be unique across all bank files: rename one"
            )
            continue
        bank.questions[question.id] = question
        bank.origins[question.id] = f"{doc.path}:{line}"
    return problems


def describe_validation_error(exc: ValidationError) -> list[str]:
    """One readable line per pydantic error: the field path, what is wrong, the bad value."""
    messages = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(part) for part in err["loc"]) or "(entry)"
        if err["type"] == "missing":
            messages.append(f"field '{loc}' is missing (required)")
        elif err["type"] == "extra_forbidden":
            messages.append(f"field '{loc}' is not a known field; check its spelling")
        elif err["type"] == "enum":
            messages.append(f"field '{loc}': {err['input']!r} is not allowed; {err['msg'].lower()}")
        else:
            messages.append(f"field '{loc}': {err['msg']} (got {_short(err.get('input'))})")
    return messages


def _kind_of(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
