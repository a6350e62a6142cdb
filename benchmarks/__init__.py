"""Benchmarks: `make bench` publishes a generated paper and compares with raw pandoc/typst."""
