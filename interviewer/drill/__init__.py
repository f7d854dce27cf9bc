"""Spaced repetition: when each question and key point comes back, and what a drill serves."""
