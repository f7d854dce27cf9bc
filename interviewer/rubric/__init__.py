"""Rubrics: build (deterministic or LLM), store, check and render. The top-level rubrics/ folder is the data."""
