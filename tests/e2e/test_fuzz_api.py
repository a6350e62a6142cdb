"""Every operation of the OpenAPI document, fed generated input by Schemathesis, against
`accord serve` with the demo paper loaded: whatever comes in, no answer is a 500.

The generator knows the schema, not the paper, so the path names the demo's real paper,
section, version and people; otherwise nearly every request would stop at a 404.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.demo import content
from tests.demo_site import DemoSite

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
PARAMETERS = {
    "path.paper": content.PAPER["slug"],
    "path.section": content.SECTIONS[2].key,
    "path.lang": "fr",
    "path.version": "1.0",
    "path.number": "1",
    "path.user": content.TRANSLATORS[0][0],
    "path.name": "figure.png",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path, demo_site: DemoSite) -> Iterator[tuple[str, str, Path]]:
    """A copy of the demo served on a free port: its base URL, a secretariat token and
    its log."""
    env = demo_site.copy_to(tmp_path / "site")
    token = demo_site.printed_value("secretariat token")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.cli", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        yield base, token, log
    finally:
        process.terminate()
        process.wait(15)


def test_no_generated_request_makes_the_server_fail(
    server: tuple[str, str, Path], tmp_path: Path
) -> None:
    base, token, log = server
    config = tmp_path / "schemathesis.toml"
    config.write_text("[parameters]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in PARAMETERS.items()))
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--no-color",
            "--config-file",
            str(config),
            "run",
            f"{base}/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "not_a_server_error",
            "--phases",
            "examples,coverage,fuzzing",
            # Every operation still gets its examples, its coverage cases (each
            # boundary and each wrong type of each parameter) and this many generated
            # cases: at 100 the fuzzing alone took three minutes, at 30 almost a minute,
            # and neither found more than this.
            "--max-examples",
            "15",
            # The same cases on every run: a failure here is a bug to fix, not a fluke.
            "--seed",
            "20161020",
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        # Its example database stays with this run: what the seed makes is all it sends.
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout[-6000:]
    assert "500 Internal Server Error" not in log.read_text()
