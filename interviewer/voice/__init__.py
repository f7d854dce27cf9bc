"""Spoken answers: transcribers (on the machine or an OpenAI-compatible endpoint), delivery figures from
word timestamps, and recorders. Headless: the TUI drives it, nothing here imports textual."""
