"""Pydantic models only: no I/O, no Textual, no network."""
