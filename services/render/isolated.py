"""Renders in child processes that can be killed: a deadline and a memory bound that hold.

A thread cannot be stopped: a render that runs too long (Typst on a hostile paragraph,
pandoc on thousands of nested lists) went on for minutes after its caller gave up, and
every render queued behind it on that thread failed too. Here each render runs in a
long-lived child process that keeps a warm PandocRenderer (fonts, reference document,
Typst compiler and its caches): at its deadline the child is killed and a fresh one is
started at once, so the next render, of any other version, finds a renderer waiting.
The child's address space is bounded (RLIMIT_AS), and pandoc's heap too (`-M`), so a
render that would eat the machine's memory fails instead, with a reason.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import resource
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Literal

from workflows.rendering import Edition, RenderFailed, ReviewNote

log = logging.getLogger("accord.render")

# A fresh child loads Python, the fonts and a first render of each language before it
# takes work: its first job waits for that this long at most (not counted in a render's
# own deadline).
START_SECONDS = 180.0


class RenderKilled(TimeoutError):
    """The render ran past its deadline and its process was killed (worth a retry)."""


def _serve(
    conn: Connection,
    memory_bytes: int | None,
    pandoc_heap_mb: int | None,
    piece_folder: Path | None,
    piece_folder_mb: int,
) -> None:
    """The child: warm a renderer, then render what the parent sends, one at a time."""
    if memory_bytes:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, hard))
    from services.render.renderer import PandocRenderer

    renderer = PandocRenderer(
        pandoc_heap_mb=pandoc_heap_mb, piece_folder=piece_folder, piece_folder_mb=piece_folder_mb
    )
    try:
        renderer.warm()
    except Exception:  # a cold renderer still renders; the parent must not wait for ever
        log.exception("the render process could not warm up")
    conn.send(("ready", None))
    while True:
        try:
            operation, args = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        try:
            started = _processor_seconds()
            data = getattr(renderer, operation)(*args)
            used = _processor_seconds() - started
            conn.send(("ok", (data, _resident_bytes(), used)))
        except RenderFailed as failure:
            conn.send(("failed", str(failure)))
        except MemoryError:
            conn.send(("memory", None))
            return  # a process that ran out of memory is not trusted with the next render
        except TimeoutError as timeout:
            conn.send(("timeout", str(timeout)))
        except Exception as error:
            conn.send(("error", f"{type(error).__name__}: {str(error)[:300]}"))


def _processor_seconds() -> float:
    """Processor time of this process and of the children it waited for (pandoc)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _resident_bytes() -> int:
    """This process's resident memory now (0 where /proc does not say)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


class RenderProcess:
    """One child process and the pipe to it."""

    def __init__(
        self,
        context: Any,
        memory_bytes: int | None,
        pandoc_heap_mb: int | None,
        piece_folder: Path | None = None,
        piece_folder_mb: int = 256,
    ) -> None:
        self.memory_bytes = memory_bytes
        parent, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve,
            args=(child, memory_bytes, pandoc_heap_mb, piece_folder, piece_folder_mb),
            daemon=True,
        )
        self.process.start()
        child.close()
        self.conn: Connection = parent
        self.ready = False
        self.resident = 0  # bytes, as the child said after its last render
        self.processor = 0.0  # seconds its last render took of the processor, pandoc's too

    def call(self, operation: str, args: tuple[Any, ...], deadline: float) -> bytes:
        if not self.ready:
            if not self.conn.poll(START_SECONDS):
                self.kill()
                raise RenderFailed("the render process did not start in time")
            self._receive()  # "ready"
            self.ready = True
        self.conn.send((operation, args))
        if not self.conn.poll(deadline):
            self.kill()
            raise RenderKilled(f"the render ran longer than {deadline:g} s and was stopped")
        kind, value = self._receive()
        if kind == "ok":
            data, self.resident, self.processor = value
            assert isinstance(data, bytes)
            return data
        if kind == "failed":
            raise RenderFailed(value)
        if kind == "timeout":
            raise TimeoutError(value)
        if kind == "memory":
            raise RenderFailed(self._out_of_memory())
        raise RenderFailed(f"the renderer failed: {value}")

    def _receive(self) -> tuple[str, Any]:
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):
            # The child died mid-render: out of memory (the allocator aborts) or a crash.
            self.process.join(5)
            raise RenderFailed(
                self._out_of_memory()
                if self.memory_bytes
                else f"the render process died (exit code {self.process.exitcode})"
            ) from None
        return str(kind), value

    def _out_of_memory(self) -> str:
        limit = (self.memory_bytes or 0) // 2**20
        return f"the document needs more memory to render than the limit ({limit} MB)"

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(10)
        self.conn.close()


class IsolatedRenderer:
    """The Renderer port, each render in one of `processes` long-lived child processes.

    Thread-safe: each calling thread takes a free child for the length of one render.
    A child killed at its deadline, or dead, is replaced at once by a fresh one.
    """

    def __init__(
        self,
        *,
        processes: int = 1,
        deadline_seconds: float = 300,
        memory_mb: int | None = 3072,
        pandoc_heap_mb: int | None = 1536,
        recycle_mb: int | None = 550,
        piece_folder: Path | None = None,
        piece_folder_mb: int = 256,
    ) -> None:
        self.deadline = deadline_seconds
        # Sections' pieces kept on disk (`piece_store.py`) outlive a replaced process:
        # without a folder, a fresh one converts every section again.
        self._piece_folder = piece_folder
        self._piece_folder_mb = piece_folder_mb
        # Typst keeps what it laid out for every document it compiled, never letting go
        # (measured: some 150 MB more per new 100-section paper, 90 MB per republish of
        # one): a child that has grown past this after a render is replaced by a fresh
        # one, so that a worker with its render process and pandoc stays under 1 GB. Its
        # warm Typst goes with it; the sections' pieces stay on disk. The bound is the
        # room left for the render that follows: a full render of a new 100-section paper
        # peaked at 370 MB (tree, worker included) above the process's size before it.
        # 550 keeps Typst warm for the first republish after a full render (the process
        # is at 445-495 MB then, 510-570 after); 600 would keep it for a second one too
        # (a full render from 570 peaked at 940 MB) but leaves a full render from just
        # under it at about 970 MB, too little room for a somewhat larger paper; from 663
        # one reached 1,036 MB.
        self._recycle = recycle_mb * 2**20 if recycle_mb else None
        self._memory = memory_mb * 2**20 if memory_mb else None
        self._pandoc_heap = pandoc_heap_mb
        # Spawned, never forked: the parent runs an event loop and threads.
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[RenderProcess] = queue.Queue()
        self._lock = threading.Lock()
        self._count = processes
        self._started = 0
        self._all: list[RenderProcess] = []
        # What the process of the last render said after it (whether or not it was then
        # replaced): its resident bytes, and the processor time the render took.
        self.last_resident = 0
        self.last_processor = 0.0

    def _new(self) -> RenderProcess:
        child = RenderProcess(
            self._context,
            self._memory,
            self._pandoc_heap,
            self._piece_folder,
            self._piece_folder_mb,
        )
        with self._lock:
            self._all = [p for p in self._all if p.alive] + [child]
        return child

    def warm(self) -> None:
        """Start a child now and wait until it is ready (a worker does this first); any
        others start when first needed."""
        with self._lock:
            if self._started >= self._count:
                return
            self._started += 1
        child = self._new()
        if child.conn.poll(START_SECONDS):
            child._receive()
            child.ready = True
        self._idle.put(child)

    def _take(self) -> RenderProcess:
        # A free child first: another is started only for renders that overlap, since
        # each grows to the recycle bound and two side by side would pass 1 GB.
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            start = self._started < self._count
            if start:
                self._started += 1
        if start:
            return self._new()
        return self._idle.get()

    def _run(self, operation: str, args: tuple[Any, ...]) -> bytes:
        child = self._take()
        started = time.monotonic()
        try:
            return child.call(operation, args, self.deadline)
        finally:
            self.last_resident, self.last_processor = child.resident, child.processor
            if not child.alive:
                log.warning(
                    "render process replaced after %.1f s (killed or died)",
                    time.monotonic() - started,
                )
                child = self._new()
            elif self._recycle and child.resident > self._recycle:
                log.info("render process replaced: %d MB resident", child.resident // 2**20)
                child.kill()
                child = self._new()
            self._idle.put(child)

    def render(self, edition: Edition, fmt: Literal["docx", "pdf"]) -> bytes:
        return self._run("render", (edition, fmt))

    def review_copy(self, edition: Edition, notes: Sequence[ReviewNote]) -> bytes:
        return self._run("review_copy", (edition, tuple(notes)))

    def close(self) -> None:
        with self._lock:
            children, self._all = self._all, []
        for child in children:
            if child.alive:
                child.kill()
