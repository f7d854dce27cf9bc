"""Talking to an OpenAI-compatible endpoint: client, structured output, one retry policy."""
