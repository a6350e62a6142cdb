"""`accord worker`."""

from __future__ import annotations

import sys

from services.config import Settings


def run_worker(settings: Settings) -> None:
    if not settings.redis_url:
        print(
            "accord worker needs ACCORD_REDIS_URL; without it, `accord serve` runs jobs in process",
            file=sys.stderr,
        )
        sys.exit(2)
    from services.observability.logs import configure_logging
    from services.worker.supervise import run

    configure_logging(settings)
    run(settings)
