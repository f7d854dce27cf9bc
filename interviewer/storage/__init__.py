"""Transcripts: an append-only journal per session, replayed into a SessionRecord."""
