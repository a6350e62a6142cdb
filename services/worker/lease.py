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

A worker also takes the jobs it starts in one round trip, a script that checks and marks
them all at once, where arq spends four on each (watching the mark, reading it and the
job's score, then setting it): between an event's commit and the start of its
notification and webhook jobs, those were most of the Redis waits.
"""

from __future__ import annotations

import time
from typing import Any

from arq.constants import in_progress_key_prefix
from arq.utils import timestamp_ms
from arq.worker import Worker

# Renewed this many times within a lease: a worker must miss them all (its event loop
# stalled for two thirds of a lease) before another one may start its job again.
RENEWALS_PER_LEASE = 3

# Marks each job that is due (its score no later than now) and not in progress elsewhere,
# atomically (Redis runs a script alone), up to `room` of them; returns the ids marked and
# their scores. Jobs still running stay in the queue until they end: they are passed over.
# KEYS: the queue, then each job's in-progress key; ARGV: now, the lease, room, the ids.
TAKE_JOBS = """
local taken = {}
local room = tonumber(ARGV[3])
for i = 2, #KEYS do
  if #taken >= 2 * room then break end
  local id = ARGV[i + 2]
  if redis.call('EXISTS', KEYS[i]) == 0 then
    local score = redis.call('ZSCORE', KEYS[1], id)
    if score and tonumber(score) <= tonumber(ARGV[1]) then
      redis.call('PSETEX', KEYS[i], ARGV[2], '1')
      taken[#taken + 1] = id
      taken[#taken + 1] = score
    end
  end
end
return taken
"""


class LeasingWorker(Worker):
    """An arq worker whose in-progress marks are leases of `lease` seconds."""

    def __init__(self, *args: Any, lease: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # arq sets each mark to this when it starts a job (and compares nothing to it).
        self.in_progress_timeout_s = lease
        self._renewed_at = time.monotonic()

    async def start_jobs(self, job_ids: list[bytes]) -> None:
        """Start those of the jobs that are due and that no other worker holds, as many as
        this worker has room for (arq's own checks, in one round trip)."""
        room = self.max_jobs - self.job_counter
        ids = [job_id.decode() for job_id in job_ids]
        if not ids or room < 1:
            return
        taken = await self.pool.eval(  # type: ignore[misc]
            TAKE_JOBS,
            len(ids) + 1,
            self.queue_name,
            *(in_progress_key_prefix + job_id for job_id in ids),
            str(timestamp_ms()),
            str(int(self.in_progress_timeout_s * 1000)),
            str(room),
            *ids,
        )
        for raw_id, raw_score in zip(taken[::2], taken[1::2], strict=True):
            await self.sem.acquire()
            self.job_counter += 1
            job_id = raw_id.decode()
            task = self.loop.create_task(self.run_job(job_id, int(float(raw_score))))
            task.add_done_callback(lambda _: self._release_sem_dec_counter_on_complete())
            self.tasks[job_id] = task

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
