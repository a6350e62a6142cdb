"""arq's claim on a running job, held as a short lease that its worker keeps renewing.

arq marks a job it starts as in progress for one fixed time: the longest timeout of any
of the worker's functions, plus 10 s, whichever job it is. No other worker starts the job
while the mark lasts, and nothing removes it when the worker holding it is killed; so one
function allowed a long time (the redlines' 15 minutes) left a killed worker's 10-second
render locked for a quarter of an hour, and its version `rendering` all that time: the
sweeper's re-queue is (rightly) ignored while arq still holds the job.

Here the mark lasts `lease` seconds and a live worker renews it for every job it is still
running, a few times within each lease. A job of a worker that died is free again within
one lease, however long its function would have been allowed to run; a job that runs
long keeps its mark as long as its worker lives (each job's own timeout still ends it).
"""

from __future__ import annotations

import time
from typing import Any

from arq.constants import in_progress_key_prefix
from arq.worker import Worker

# Renewed this many times within a lease: a worker must miss them all (its event loop
# stalled for two thirds of a lease) before another one may start its job again.
RENEWALS_PER_LEASE = 3


class LeasingWorker(Worker):
    """An arq worker whose in-progress marks are leases of `lease` seconds."""

    def __init__(self, *args: Any, lease: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # arq sets each mark to this when it starts a job (and compares nothing to it).
        self.in_progress_timeout_s = lease
        self._renewed_at = time.monotonic()

    async def heart_beat(self) -> None:
        # arq calls this on every poll of the queue, also while all its jobs are running.
        await super().heart_beat()
        now = time.monotonic()
        if now - self._renewed_at >= self.in_progress_timeout_s / RENEWALS_PER_LEASE:
            self._renewed_at = now
            await self.renew_leases()

    def running(self) -> list[str]:
        """The ids of the jobs whose function is running now (finished ones keep the mark
        arq gives them when it records their result: a cron tick's lasts a while)."""
        return [job_id for job_id, task in self.job_tasks.items() if not task.done()]

    async def renew_leases(self) -> None:
        running = self.running()
        if not running:
            return
        lease_ms = int(self.in_progress_timeout_s * 1000)
        async with self.pool.pipeline(transaction=False) as pipe:
            for job_id in running:
                # A mark already removed stays removed (PEXPIRE makes no key).
                pipe.pexpire(in_progress_key_prefix + job_id, lease_ms)
            await pipe.execute()
