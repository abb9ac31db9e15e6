"""Benchmarks: run one with ``python -m benchmarks.<name>``; they print figures, never assert."""
