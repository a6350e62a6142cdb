"""Background work: the outbox relay, the sweeper and the render jobs.

All arq code stays in this package; the in-process runner runs the same job functions
without Redis, so the embedded mode and production share one code path.
"""
