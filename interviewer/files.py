"""Read a file a user named, safely: only a regular file, and never more than a bound."""

from __future__ import annotations

import stat
from pathlib import Path


class NotARegularFile(OSError):
    """A device, pipe or folder: /dev/zero never ends, and opening a FIFO waits for a writer for ever."""


def require_regular(path: Path) -> None:
    """Raise NotARegularFile (or OSError) unless `path` is a regular file."""
    if not stat.S_ISREG(path.stat().st_mode):
        raise NotARegularFile(f"{path}: not a regular file (a device, pipe or folder); name a file")


def read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of the regular file at `path` (one more than allowed: the caller can tell
    it was too long). Raises NotARegularFile or OSError."""
    require_regular(path)
    with path.open("rb") as handle:
        return handle.read(limit + 1)


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all: a failure (disk full, text that cannot be encoded) leaves
    the file it would replace as it was. Raises OSError or UnicodeError."""
    import os
    import tempfile

    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
