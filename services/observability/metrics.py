"""The Prometheus metrics of an Accord process, and what is measured only when scraped.

Counters and histograms are kept by the process that does the work: the API counts
requests and saves; whoever runs a render (a worker, or the API in embedded mode) times
it. Gauges of shared state (the outbox, the queue, the workers) are read when `/metrics`
is scraped, from the database and Redis, so every API process reports the same truth.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import Counter, Gauge, Histogram

from drafts.events import Event

# --- HTTP -------------------------------------------------------------------------------
# `route` is the route's template (`/api/v1/papers/{paper}`), never the path itself: one
# series per route and status whatever the ids in the paths.
HTTP_REQUESTS = Histogram(
    "accord_http_request_duration_seconds",
    "Time to answer an HTTP request, by method, route template and status",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
HTTP_IN_FLIGHT = Gauge("accord_http_requests_in_flight", "HTTP requests being answered now")

# --- what the requests did --------------------------------------------------------------
EVENTS_RECORDED = Counter(
    "accord_events_recorded_total", "Domain events committed, by type", ["type"]
)
REVISIONS_SAVED = Counter(
    "accord_revisions_saved_total",
    "Revisions saved (new, merged or accepted), by language",
    ["language"],
)

# --- renders ----------------------------------------------------------------------------
RENDERS = Histogram(
    "accord_render_duration_seconds",
    "Time to make one artifact, by language, format and outcome "
    "(rendered, reused, failed, timed_out, killed, storage_error)",
    ["language", "format", "outcome"],
    buckets=(0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, 300),
)

# --- shared state, read at scrape time ---------------------------------------------------
OUTBOX_WAITING = Gauge("accord_outbox_waiting", "Events whose consequences are not yet set off")
OUTBOX_OLDEST_AGE = Gauge(
    "accord_outbox_oldest_age_seconds", "Age of the oldest event waiting in the outbox (0: none)"
)
QUEUE_DEPTH = Gauge(
    "accord_queue_jobs",
    "Jobs waiting in a Redis queue: renders or consequences (-1: not reachable)",
    ["queue"],
)
WORKERS_LIVE = Gauge("accord_workers_live", "Worker processes seen within three heartbeats")
DATABASE_CONNECTIONS = Gauge(
    "accord_database_connections_in_use", "Pooled database connections held by this process"
)

# --- webhook deliveries -----------------------------------------------------------------
# The webhook handlers count each delivery attempt here, by outcome ("delivered",
# "failed", "gave_up"), once webhooks exist.
WEBHOOK_DELIVERIES = Counter(
    "accord_webhook_deliveries_total", "Webhook delivery attempts, by outcome", ["outcome"]
)


def count_committed(events: Iterable[Event]) -> None:
    """Count what a commit recorded (called once the transaction is durable)."""
    for event in events:
        EVENTS_RECORDED.labels(event.name).inc()
        if event.name == "RevisionSaved":
            REVISIONS_SAVED.labels(str(getattr(event, "language", ""))).inc()
