"""Text from users, banks and models made safe to print to a terminal."""

from __future__ import annotations

import re

# ESC sequences: CSI (cursor moves, clear screen), OSC (window title, OSC 52 clipboard write, hyperlinks;
# ended by BEL or ESC \, or never), the string controls DCS/SOS/PM/APC, and two-byte escapes. Then the
# 8-bit C1 forms of CSI/OSC and every other control character but newline and tab.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
    r"|[\u202a-\u202e\u2066-\u2069]"  # bidi embeddings, overrides and isolates: they reorder what is shown
)


def printable(text: str) -> str:
    """`text` with terminal escape sequences and control characters removed; newlines and tabs kept.
    A carriage return alone (which would let text overwrite the line before it) is dropped too."""
    return _ESCAPES.sub("", text.replace("\r\n", "\n"))


def printable_fields(value):
    """`value` (a frozen view: dataclasses, lists, tuples, strings) with `printable` applied to every string."""
    import dataclasses
    from enum import Enum

    if isinstance(value, Enum):  # a verdict or dimension name: ours, and must stay an enum
        return value
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, (list, tuple)):
        return type(value)(printable_fields(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: printable_fields(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value
