"""The artifact disk fills up: the failure is named, retried with backoff, and bounded.

The artifact folder is a small tmpfs of the test's own, filled to the last byte. A
version rendered then stays pending with the reason on its files ("No space left on
device"), completes once space is back, and fails with that reason after the bound if
it does not come back in time; asked for again, the failed version is then published.
(Mounting needs root: without it the test is skipped locally and fails in CI.)
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.bootstrap import Accord
from services.config import Settings
from services.worker.inprocess import InProcessRunner
from services.worker.jobs import Jobs
from tests.integration.test_publishing import CountingRenderer
from tests.integration.world import World, build_world
from tests.servers import missing
from workflows.ports import Renderer

pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "artifacts"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        missing(f"cannot mount a small tmpfs: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Fill the folder's file system to the last byte; the filler's path."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 512)
    return filler


@pytest.fixture
def settings(settings: Settings, small_disk: Path) -> Settings:
    return settings.model_copy(
        update={"data_dir": small_disk, "storage_retry_seconds": 0.2, "storage_max_tries": 5}
    )


@pytest.fixture
def renderer() -> Renderer:
    return CountingRenderer()


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    assert (await w.save("author", "The introduction.\n")).status_code == 201
    return w


async def version(world: World, number: str) -> dict[str, object]:
    answer = await world.call("sec", "GET", f"/papers/{world.paper}/publications/{number}")
    return dict(answer.json())


async def request(world: World, number: str) -> None:
    answer = await world.call(
        "sec",
        "POST",
        f"/papers/{world.paper}/publications",
        json={"version": number, "kind": "draft", "languages": ["en"], "formats": ["docx"]},
    )
    assert answer.status_code == 201, answer.text


async def test_a_full_disk_is_named_and_the_version_completes_once_space_is_back(
    accord: Accord, world: World, small_disk: Path
) -> None:
    filler = fill(small_disk)
    await request(world, "0.1")
    runner = InProcessRunner(Jobs(accord))
    async with asyncio.timeout(60):
        await runner.tick()
        while True:
            waiting = await version(world, "0.1")
            artifact = waiting["artifacts"][0]  # type: ignore[index]
            if artifact["error"]:
                break
            await asyncio.sleep(0.05)
    assert waiting["status"] == "rendering"
    assert artifact["status"] == "pending"
    assert "No space left on device" in artifact["error"]

    filler.unlink()
    async with asyncio.timeout(60):
        await runner.drain()
    done = await version(world, "0.1")
    assert done["status"] == "published", done
    assert done["artifacts"][0]["error"] is None  # type: ignore[index]
    await runner.stop()


async def test_a_disk_that_stays_full_fails_the_version_which_can_be_asked_for_again(
    accord: Accord, world: World, small_disk: Path
) -> None:
    filler = fill(small_disk)
    await request(world, "0.1")
    runner = InProcessRunner(Jobs(accord))
    async with asyncio.timeout(60):
        await runner.drain()
    failed = await version(world, "0.1")
    assert failed["status"] == "failed", failed
    assert "No space left on device" in str(failed["failure"])
    assert "5 tries" in str(failed["failure"])

    # Space is back: the same version, asked for again, is rendered and published.
    filler.unlink()
    again = await world.call(
        "sec",
        "POST",
        f"/papers/{world.paper}/publications",
        json={"version": "0.1", "kind": "draft", "languages": ["en"], "formats": ["docx"]},
    )
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "rendering"
    assert [a["status"] for a in again.json()["artifacts"]] == ["pending"]
    async with asyncio.timeout(60):
        await runner.drain()
    assert (await version(world, "0.1"))["status"] == "published"
    await runner.stop()
