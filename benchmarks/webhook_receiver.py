"""A webhook receiver for the benchmarks: takes every delivery at once, on this machine."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Received(BaseHTTPRequestHandler):
    """A webhook receiver that takes every delivery at once."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def receiver() -> Iterator[str]:
    """A receiver's URL while the block runs. Without an endpoint a paper's events need
    no webhook job at all, and there would be no webhook reaction to measure."""
    http = ThreadingHTTPServer(("127.0.0.1", 0), Received)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_address[1]}/accord"
    finally:
        http.shutdown()
        http.server_close()


async def allow(url: str) -> None:
    """The receiver is on this machine: the servers are told to allow private targets."""
