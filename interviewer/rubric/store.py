"""Read and write rubric files (`rubrics/<question-id>.yaml`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from interviewer.bank.loader import describe_validation_error
from interviewer.bank.yaml_source import OversizedYamlError, SourceFileError, read_yaml
from interviewer.domain.rubrics import Rubric
from interviewer.locations import bundled_dir

HEADER = (
    "# Rubric for question `{qid}` (see rubrics/README.md and the README's 'Rubrics' section).\n"
    "# Edit by hand: keep key points atomic (one checkable sentence each), weights summing to 1,\n"
    "# then set status: reviewed and bump version. `interviewer rubrics check` validates this file.\n"
)


def rubrics_dir() -> Path:
    return bundled_dir("rubrics")


def rubric_path(question_id: str, folder: Path | None = None) -> Path:
    return (folder or rubrics_dir()) / f"{question_id}.yaml"


@dataclass
class RubricSet:
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def load_rubric_file(path: Path) -> Rubric:
    """One rubric; raises SourceFileError with a located message."""
    doc = read_yaml(path)
    if not isinstance(doc.data, dict):
        raise SourceFileError(f"{path}: expected a mapping of rubric fields")
    try:
        rubric = Rubric.model_validate(doc.data)
    except ValidationError as exc:
        raise SourceFileError("; ".join(f"{path}: {m}" for m in describe_validation_error(exc))) from None
    if path.stem != rubric.question_id:
        raise SourceFileError(f"{path}: question_id {rubric.question_id!r} does not match the file name")
    return rubric


def load_rubrics(folder: Path | None = None) -> RubricSet:
    from interviewer.errors import BadInputError

    folder = folder or rubrics_dir()
    if not folder.is_dir():
        raise BadInputError(f"{folder}: no such folder (named as the rubrics folder); give the folder that "
                            "holds the <question-id>.yaml rubric files", title="Missing rubrics folder")
    result = RubricSet()
    for path in sorted(folder.glob("*.yaml")):
        if path.name.endswith(".draft.yaml"):
            continue
        try:
            rubric = load_rubric_file(path)
        except OversizedYamlError as exc:  # not a rubric someone can fix in place: stop here
            raise BadInputError(str(exc), title="Invalid rubric") from None
        except SourceFileError as exc:
            result.problems.append(str(exc))
            continue
        result.rubrics[rubric.question_id] = rubric
    return result


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else (">" if len(value) > 100 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_rubric(rubric: Rubric) -> str:
    data = rubric.model_dump(mode="json", exclude_defaults=False, exclude_none=True)
    if not data.get("star"):
        data.pop("star", None)
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return HEADER.format(qid=rubric.question_id) + body


def save_rubric(rubric: Rubric, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_rubric(rubric), encoding="utf-8")


def rubric_for(question, folder: Path | None = None) -> Rubric:
    """The stored rubric, or (for a question without one, e.g. from a user's bank) a fresh draft."""
    path = rubric_path(question.id, folder)
    if path.exists():
        try:
            # Reports, stats and every grade ask for rubrics: parse each file once per version of it.
            return _cached_rubric(path, path.stat().st_mtime_ns).model_copy(deep=True)
        except SourceFileError as exc:
            from interviewer.errors import BadInputError

            raise BadInputError(str(exc), title="Invalid rubric") from None
    from interviewer.rubric.extract import build_rubric

    return build_rubric(question)


@lru_cache(maxsize=256)
def _cached_rubric(path: Path, mtime_ns: int) -> Rubric:
    return load_rubric_file(path)
