"""Word forms: a dictionary lemma (froze -> freeze, chose -> choose), then the Snowball stem.

The lemma table is simplemma's English dictionary, shipped inside its wheel (nothing is downloaded).
Decoding it costs about 0.2 s, so it is loaded on the first grade, not on import, and the decoded forms
(those whose lemma differs) are cached in the user data folder, where later processes read them in ~20 ms.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
from functools import lru_cache
from pathlib import Path

from interviewer.locations import user_data_dir
from interviewer.nlp.text import stem

_table: dict[str, str] | None = None


def _lemma_table() -> dict[str, str]:
    global _table
    if _table is None:
        _table = _cached_table()
    return _table


def _source() -> Path | None:
    """simplemma's English dictionary file, found without importing simplemma."""
    spec = importlib.util.find_spec("simplemma")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "strategies" / "dictionaries" / "data" / "en.plzma"
    return path if path.exists() else None


def _cached_table() -> dict[str, str]:
    source = _source()
    if source is None:
        return {}  # no lemma table: words fall back to their Snowball stem alone
    stat = source.stat()
    cache = user_data_dir() / "cache" / f"lemmas-en-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    try:
        table = marshal.loads(cache.read_bytes())
        if isinstance(table, dict):
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass  # absent or unreadable: decode the dictionary again
    table = _decoded()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # the data folder is the user's alone
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps(table))
        partial.replace(cache)
    except OSError:
        pass  # a read-only home only costs the decode on every first grade
    return table


def _decoded() -> dict[str, str]:
    # The dictionary module alone: `import simplemma` would also load its language detector.
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    entries = DefaultDictionaryFactory().get_dictionary("en")
    return {word: lemma_ for word, lemma_ in entries.items() if word != lemma_}


def lemma(word: str) -> str:
    """The dictionary form of a lower-case word (the word itself when the table does not know it)."""
    return _lemma_table().get(word) or word


@lru_cache(maxsize=65536)
def lemma_stem(word: str) -> str:
    """The stem of the word's lemma: every inflected form of a word maps to one token."""
    word = word.replace("-", "")  # non-linearity = nonlinearity, fine-tune = finetune
    return stem(lemma(word))
