"""Write the user's config file: set the keys that changed and keep the rest as the user wrote it
(comments, tables, order, spacing), with tomlkit."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from interviewer.errors import ConfigError
from interviewer.locations import config_file


def update_config(changes: dict[str, Any], path: Path | None = None) -> Path:
    """Set `changes` (top-level keys; None removes one) in the config file (0600). A key whose value is
    unchanged is left as written, so saving rewrites nothing but what changed."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = path or config_file()
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    except (TOMLKitError, OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot update {path}: {exc}. Fix or remove the file first.") from None
    for key, value in changes.items():
        if value is None:
            document.pop(key, None)
        elif document.get(key) != _plain(value):
            document[key] = _plain(value)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(tomlkit.dumps(document))
    return path


def _plain(value: Any) -> Any:
    """What TOML can hold: paths as strings, inside lists and tables too."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
