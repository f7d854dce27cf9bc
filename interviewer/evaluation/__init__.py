"""Measuring graders against human scores: datasets, metrics, perturbations."""
