"""The Textual interface: thin screens over the headless core (interviewer.engine, .grading, .storage)."""
