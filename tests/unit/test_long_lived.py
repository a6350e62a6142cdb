"""While the app serves, what it kept alive at start-up is set aside from the collector's
full passes, and handed back when it stops."""

from __future__ import annotations

import gc

from services.api.long_lived import long_lived_objects


def test_what_is_alive_at_start_up_is_set_aside_then_handed_back() -> None:
    kept = [object() for _ in range(10)]
    with long_lived_objects():
        assert gc.get_freeze_count() >= len(kept)
        # Cyclic garbage made while serving is still collected.
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
    assert gc.get_freeze_count() == 0
