"""Opening a data folder's store: connect (migrating the schema) and import interviewer 0.1's files once.
Kept apart from the store so the import can use the store without the store knowing of the import."""

from __future__ import annotations

from pathlib import Path

from interviewer.storage.import_v1 import import_v1
from interviewer.storage.store import Store


def open_store(root: Path | None = None, id_suffix: str | None = None) -> Store:
    """The store in `root` (the user's data folder by default), older files imported; what could not be
    read is in `store.import_problems`."""
    store = Store(root, id_suffix)
    store.import_problems = import_v1(store, store.root)
    return store
