"""Storage: typed session events in one SQLite file, summary rows for history, exports for review."""
