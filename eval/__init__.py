"""Scoring against gold spans and benchmarks (issue 3)."""
