"""The board in a real headless Chromium, against a real `accord serve` with the demo.

One server (migrated, the demo loaded) serves every browser test of a run; each test works
on sections the others leave alone. Pages are checked with axe-core (vendored under
`vendor/`), and with `ACCORD_SCREENSHOTS=<folder>` the tests save their screenshots there
(the README's come from `ACCORD_SCREENSHOTS=docs/board`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.demo.sign_in import DEMO_PASSWORD
from tests.demo_site import DemoSite, accord
from tests.servers import require_program

AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = os.environ.get("ACCORD_SCREENSHOTS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    env: dict[str, str]
    log: Path
    demo: str  # what `accord demo` printed
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, name: str) -> str:
        if name not in self.tokens:
            self.tokens[name] = accord("users", "token", name, env=self.env).strip()
        return self.tokens[name]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, demo_site: DemoSite) -> Iterator[Server]:
    """`accord serve` on a free port over a copy of the demo paper."""
    folder = tmp_path_factory.mktemp("board")
    env = {**demo_site.copy_to(folder), "ACCORD_EVENTS_POLL_SECONDS": "0.2"}
    demo = demo_site.printed
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env["ACCORD_PUBLIC_URL"] = url
    log = folder / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.cli", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("accord serve did not start:\n" + log.read_text())
            time.sleep(0.2)
        yield Server(url, env, log, demo)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Any]:
    executable = require_program("chromium", "Debian's chromium, for the board's browser tests")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


class Board:
    """Opens pages of the served board as one of the demo's people."""

    def __init__(self, server: Server, browser: Any) -> None:
        self.server = server
        self.browser = browser
        self.contexts: list[Any] = []

    async def context(self, **options: Any) -> Any:
        # axe-core is injected as an inline script, which the board's CSP rightly
        # forbids; the test lifts the CSP for itself only.
        context = await self.browser.new_context(
            base_url=self.server.url,
            bypass_csp=True,
            viewport={"width": 1280, "height": 900},
            **options,
        )
        self.contexts.append(context)
        return context

    async def as_person(self, name: str, **options: Any) -> Any:
        """A page signed in as `name` through the sign-in page, as a person does."""
        page = await (await self.context(**options)).new_page()
        await sign_in(page, name)
        return page

    async def close(self) -> None:
        for context in self.contexts:
            await context.close()


@pytest.fixture
async def board(server: Server, browser: Any) -> AsyncIterator[Board]:
    opened = Board(server, browser)
    yield opened
    await opened.close()


async def sign_in(page: Any, name: str, password: str = DEMO_PASSWORD) -> None:
    await page.goto("/sign-in")
    # By id, not by label: the page may be in the person's language.
    await page.locator("#login").fill(name)
    await page.locator("#password").fill(password)
    await page.locator("main form button[type=submit]").click()
    await page.locator(".who strong", has_text=name).wait_for()


async def check_accessible(page: Any) -> None:
    """No serious or critical axe-core violation on the page as it stands."""
    await page.add_script_tag(path=str(AXE))
    violations = await page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""
    )
    assert violations == [], f"{page.url}: {violations}"


async def screenshot(page: Any, name: str) -> None:
    """Save the page for the README, when asked to (ACCORD_SCREENSHOTS)."""
    if SCREENSHOTS:
        # The screenshot makes its folder.
        await page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))
