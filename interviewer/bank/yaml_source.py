"""Read a human-edited YAML file, keeping line numbers so errors can point at an entry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


# libyaml's parser when PyYAML was built with it (the wheels are): several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Bounds on what one human-edited file may hold. Aliases are followed when the data is used, so a small
# "billion laughs" file expands without limit: count the nodes as if every alias were copied out.
MAX_FILE_BYTES = 2_000_000
MAX_EXPANDED_NODES = 200_000


class SourceFileError(Exception):
    """A file cannot be read as YAML; the message already names the file and position."""


class OversizedYamlError(SourceFileError):
    """A file too large, or whose aliases expand too far (a YAML bomb), to be read safely."""


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
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise OversizedYamlError(f"{path}: {size:,} bytes, more than the {MAX_FILE_BYTES:,} a bank or rubric "
                                     "file may hold; split it into several files")
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
        if node is not None and "*" in text:  # no `*name` in the text: no alias to expand
            _check_expansion(path, node)
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


def _check_expansion(path: Path, root: yaml.Node) -> None:
    """Raise if the document, with every alias expanded, has more than MAX_EXPANDED_NODES nodes, or an
    alias refers to a node that contains it. Each distinct node is sized once, so this is fast on bombs."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # the path from the root to the node being sized
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = _children(node)
        if children_done:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            open_nodes.discard(id(node))
            if sizes[id(node)] > MAX_EXPANDED_NODES:
                raise OversizedYamlError(
                    f"{path}: its aliases (*name) expand to more than {MAX_EXPANDED_NODES:,} values; "
                    "this is not a bank or rubric file (a YAML bomb?): write the values out or remove the aliases")
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes:
            raise OversizedYamlError(f"{path}:{node.start_mark.line + 1}: an alias refers to a value that contains it")
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def read_vocabulary(name: str) -> Any:
    """A hand-edited word list beside the rubrics (`rubrics/vocabulary/NAME.yaml`: synonyms, opposites,
    article titles), parsed. A bundled file: unreadable means a broken installation."""
    from interviewer.locations import bundled_dir

    path = bundled_dir("rubrics") / "vocabulary" / f"{name}.yaml"
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # _Loader is a safe loader

