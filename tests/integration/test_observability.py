"""What an operator sees: probes, Prometheus metrics, and request ids through the jobs."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select

from services.bootstrap import Accord
from services.observability.logs import RequestIdFilter, formatter
from services.store.tables import EventRow
from tests.integration.test_publishing import CountingRenderer, run_jobs
from tests.integration.world import World, build_world
from workflows.ports import Renderer

SAVE_ROUTE = "/api/v1/papers/{paper}/sections/{section}/languages/{lang}/revisions"


@pytest.fixture
def renderer() -> Renderer:
    return CountingRenderer()


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    return await build_world(accord, client)


def root(world: World) -> httpx.AsyncClient:
    # The probes and /metrics live outside /api/v1.
    return httpx.AsyncClient(transport=world.client._transport, base_url="http://accord.test")


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_liveness_and_readiness_of_the_embedded_service(world: World) -> None:
    async with root(world) as http:
        assert (await http.get("/livez")).json() == {"status": "ok"}
        ready = await http.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "ok"
    # Without Redis there is no queue and no worker to wait for.
    assert set(ready.json()["checks"]) == {"database"}
    assert ready.json()["checks"]["database"]["status"] == "ok"


async def test_metrics_count_requests_by_route_template_and_saves_by_language(
    world: World,
) -> None:
    labels = {"method": "POST", "route": SAVE_ROUTE, "status": "201"}
    before = sample("accord_http_request_duration_seconds_count", **labels)
    saves = sample("accord_revisions_saved_total", language="fr")
    assert (await world.save("translator", "Un texte.\n", lang="fr")).status_code == 201
    assert (await world.save("author", "A text.\n")).status_code == 201
    async with root(world) as http:
        scraped = await http.get("/metrics")
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    text = scraped.text
    assert sample("accord_http_request_duration_seconds_count", **labels) == before + 2
    assert sample("accord_revisions_saved_total", language="fr") == saves + 1
    # One series per route, never per paper or section.
    assert "/papers/habitat" not in text
    for gauge in ("accord_outbox_waiting", "accord_outbox_oldest_age_seconds"):
        assert f"\n{gauge} " in text
    assert "accord_render_duration_seconds" in text
    assert "accord_webhook_deliveries_total" in text


async def test_a_request_id_follows_the_request_into_its_events_and_jobs(
    accord: Accord, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    assert (await world.save("author", "The introduction.\n")).status_code == 201
    answer = await world.call(
        "sec",
        "POST",
        f"/papers/{world.paper}/publications",
        json={"version": "0.1", "kind": "draft", "languages": ["en"]},
        headers={"X-Request-ID": "trace-publish-01"},
    )
    assert answer.status_code == 201, answer.text
    assert answer.headers["x-request-id"] == "trace-publish-01"
    async with accord.uow() as uow:
        recorded = (
            await uow.session.scalars(
                select(EventRow.request_id).where(EventRow.name == "PublicationRequested")
            )
        ).all()
    assert recorded == ["trace-publish-01"]

    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO, logger="accord.worker"):
        await run_jobs(accord)
    rendered = [r for r in caplog.records if "render:" in r.getMessage()]
    assert rendered, caplog.text
    assert {getattr(r, "request_id", None) for r in rendered} == {"trace-publish-01"}
    async with accord.uow() as uow:
        by_jobs = (
            await uow.session.scalars(
                select(EventRow.request_id).where(EventRow.name == "ArtifactRendered")
            )
        ).all()
    assert set(by_jobs) == {"trace-publish-01"}


async def test_a_request_id_that_is_not_a_sane_token_is_replaced(world: World) -> None:
    answer = await world.call(
        "sec", "GET", f"/papers/{world.paper}", headers={"X-Request-ID": "bad id\twith spaces"}
    )
    assert answer.status_code == 200
    given = answer.headers["x-request-id"]
    assert given != "bad id\twith spaces" and len(given) == 32


def test_a_log_line_is_one_json_object_with_the_request_id() -> None:
    record = logging.LogRecord("accord.http", logging.INFO, __file__, 1, "GET %s", ("/x",), None)
    RequestIdFilter().filter(record)
    line = json.loads(formatter("json").format(record))
    assert line["message"] == "GET /x"
    assert line["level"] == "INFO" and line["logger"] == "accord.http"
    assert "request_id" in line and "time" in line
