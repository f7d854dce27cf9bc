"""Read a human-edited YAML file, keeping line numbers so errors can point at an entry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


# libyaml's parser when PyYAML was built with it (the wheels are): several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceFileError(Exception):
    """A file cannot be read as YAML; the message already names the file and position."""


@dataclass(frozen=True)
class YamlDocument:
    path: Path
    data: Any
    node: yaml.Node | None

    def item_lines(self, key: str) -> list[int]:
        """1-based line of each item of the top-level sequence under `key` (empty if absent)."""
        if not isinstance(self.node, yaml.MappingNode):
            return []
        for key_node, value_node in self.node.value:
            if key_node.value == key and isinstance(value_node, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value_node.value]
        return []


def read_yaml(path: Path) -> YamlDocument:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceFileError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceFileError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8"
        ) from None
    if not text.strip():
        raise SourceFileError(f"{path}: the file is empty; a bank file holds a `questions:` list (see README)")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise SourceFileError(f"{path}{where}: not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SourceFileError(f"{path}: not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    return YamlDocument(path=path, data=data, node=node)
