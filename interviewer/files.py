"""Read a file a user named, safely: only a regular file, and never more than a bound."""

from __future__ import annotations

import stat
from pathlib import Path


class NotARegularFile(OSError):
    """A device, pipe or folder: /dev/zero never ends, and opening a FIFO waits for a writer for ever."""


def read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of the regular file at `path` (one more than allowed: the caller can tell
    it was too long). Raises NotARegularFile or OSError."""
    if not stat.S_ISREG(path.stat().st_mode):
        raise NotARegularFile(f"{path}: not a regular file (a device, pipe or folder); name a file")
    with path.open("rb") as handle:
        return handle.read(limit + 1)
