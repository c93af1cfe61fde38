"""Benchmarks: `make bench` (python -m benchmarks [NAME...]) runs every benchmarks/bench_*.py and prints each figure
with its baseline measured in the same run."""
