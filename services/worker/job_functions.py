"""The functions arq calls by name: render, consequence, and the cron ticks.

arq delivers at least once and does not retry a job that timed out: so a render catches
its own timeout and asks for a retry, and every job checks the database before working.
"""

from __future__ import annotations

from typing import Any

from arq import Retry

from services.worker.jobs import Jobs, RenderLater, RenderTimedOut
from services.worker.outbound import Outbound
from workflows.ports import ConsequenceJob, RenderJob


async def render(ctx: dict[str, Any], publication: int, language: str, fmt: str) -> str:
    jobs: Jobs = ctx["jobs"]
    job = RenderJob(publication, language, fmt)
    try:
        return await jobs.render(job)
    except RenderLater as later:
        raise Retry(defer=later.delay) from None
    except RenderTimedOut as timeout:
        tries = jobs.accord.settings.render_max_tries
        if ctx["job_try"] >= tries:
            await jobs.give_up(job, f"{timeout} ({tries} tries)")
            return "gave up"
        raise Retry(defer=5 * ctx["job_try"]) from None


async def consequence(ctx: dict[str, Any], consequence_id: int, handler: str, tries: int) -> str:
    # A failed try is recorded in the database and queued again by the relay when due:
    # never arq's retry, whose memory of the job ends with its result.
    jobs: Jobs = ctx["jobs"]
    return await jobs.consequence(ConsequenceJob(consequence_id, handler, tries))


async def relay_tick(ctx: dict[str, Any]) -> int:
    jobs: Jobs = ctx["jobs"]
    return await jobs.relay()


async def webhook_tick(ctx: dict[str, Any]) -> int:
    """Try the webhook deliveries that are due again (a few batches at most per tick)."""
    jobs: Jobs = ctx["jobs"]
    return await Outbound(jobs.accord).deliver_webhooks(rounds=3)


async def mail_tick(ctx: dict[str, Any]) -> int:
    """Put waiting notices into mails (digests when due) and send the mails due."""
    jobs: Jobs = ctx["jobs"]
    return await Outbound(jobs.accord).post_mail(rounds=3)


async def sweep_tick(ctx: dict[str, Any]) -> int:
    jobs: Jobs = ctx["jobs"]
    return await jobs.sweep()
