"""The objects a serving process keeps for its whole life, kept out of the collector's way."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived_objects() -> Iterator[None]:
    """While the app serves: what is alive once it has started (modules, routes, models,
    schemas: a quarter of a million objects) is left out of the collector's full passes.

    Those passes walk every tracked object: over the start-up heap one took about 150 ms
    of processor time, and a request that happened to set one off (the outline of a
    paper of 1,000 sections allocates enough to) was slowed by that much. Garbage is collected
    first, so that only what stays alive is set aside; all of it is handed back when
    the app stops."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
