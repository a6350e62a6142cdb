"""The two arq queues of the workers, and which one each job belongs to.

A worker runs one render at a time: a render holds a processor, a child process and
hundreds of megabytes for up to seconds, and a worker that took a second one would only
hold it while another worker stood idle. Mail, webhooks and the job that queues a
version's renders wait on the network or the database for milliseconds; behind a render
they waited for all of it. So each worker serves two queues, each with an arq loop of its
own: the render queue one job at a time (renders, and the consequences marked `heavy`,
such as the redlines), the consequence queue several at once.
"""

from __future__ import annotations

from arq.constants import default_queue_name

from workflows.consequences import Table

# arq's own default: render jobs queued by a worker before the split are still served.
RENDER_QUEUE = default_queue_name
CONSEQUENCE_QUEUE = "accord:consequences"
# The queues by the name the metrics give them.
QUEUES: dict[str, str] = {"renders": RENDER_QUEUE, "consequences": CONSEQUENCE_QUEUE}


def consequence_queue(handler: str, table: Table) -> str:
    """The queue of a consequence's jobs: the render queue for a heavy handler."""
    return RENDER_QUEUE if table.is_heavy(handler) else CONSEQUENCE_QUEUE
