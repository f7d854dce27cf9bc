"""Grading: the validity gate, scoring, and the graders behind one interface."""
