"""Write the user's config file: `key = value` TOML (tables inline), keeping keys it does not change."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

from interviewer.errors import ConfigError
from interviewer.locations import config_file


def update_config(changes: dict[str, Any], path: Path | None = None) -> Path:
    """Merge `changes` into the config file (0600). Values: str, int, float, bool, list, table (dict)."""
    path = path or config_file()
    current: dict[str, Any] = {}
    if path.exists():
        try:
            current = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError) as exc:
            raise ConfigError(f"Cannot update {path}: {exc}. Fix or remove the file first.") from None
    current.update(changes)
    lines = [f"{key} = {_toml(value)}" for key, value in current.items() if value is not None]
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (str, Path)):
        return json.dumps(str(value))  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):  # e.g. `prices`, which the settings screen does not edit but must keep
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml(v)}" for k, v in value.items()) + "}"
    raise ConfigError(f"cannot write {type(value).__name__} to the config file")
