"""Section pieces kept on disk, so that a fresh render process starts with them.

A render process is replaced once Typst's caches have grown it past its bound (about
one full render and one republish of a 100-section paper), and the pieces it held in
memory went with it: the next republish was as slow as a cold render. Here each piece
is also a file under the worker's data folder, named by its key (the hash of all that
made it, `segments.piece_key`), so a render process of any worker on the machine finds
it, and a changed input or changed code is a new name.

A file is written to a temporary name of its own and renamed into place: a reader sees
a whole file or none, and two processes writing one key at once each rename a whole
file (the same piece). Each file starts with the SHA-256 and length of what follows: a
file that does not match (truncated, damaged) is a miss and is removed, and the piece
is made again and rewritten. The folder is bounded in bytes: past the bound, the files
least recently used (their modification time is set at each hit) are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import threading
import time
from pathlib import Path

_MAGIC = b"accord-piece-1\n"
_HEADER = len(_MAGIC) + 32 + 8
_KEY = re.compile(r"[0-9a-f]{64}")
# A temporary file this old was left by a process killed while writing it.
_STALE_SECONDS = 3600.0
# Eviction brings the folder down to this share of its bound, so that it does not run
# at every write once the folder is full.
_LOW_WATER = 0.9


class DiskPieces:
    """Pieces as files under `folder`, at most `max_bytes` in all (roughly: see `put`).

    Shared by a process's threads and by other processes using the same folder.
    """

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        # Bytes in the folder as this process last counted them, plus what it wrote since;
        # None until first counted. Other processes' writes are seen at the next count.
        self._size: int | None = None
        self._written = 0
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        # Keys are hashes: nothing else may name a file (no path comes from text).
        if not _KEY.fullmatch(key):
            raise ValueError("a piece's key is a SHA-256 in hex")
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError:
            self._miss()
            return None
        payload = data[_HEADER:]
        digest = data[len(_MAGIC) : len(_MAGIC) + 32]
        length = int.from_bytes(data[len(_MAGIC) + 32 : _HEADER], "big")
        if (
            not data.startswith(_MAGIC)
            or length != len(payload)
            or hashlib.sha256(payload).digest() != digest
        ):
            # Damaged or cut short: never served; made again and rewritten by the caller.
            path.unlink(missing_ok=True)
            self._miss()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: the last to be evicted
        with self._lock:
            self.hits += 1
        return payload

    def _miss(self) -> None:
        with self._lock:
            self.misses += 1

    def put(self, key: str, payload: bytes) -> None:
        """Stores the piece; a disk that refuses it (full, read-only) is only a miss later."""
        path = self._path(key)
        data = _MAGIC + hashlib.sha256(payload).digest() + len(payload).to_bytes(8, "big")
        data += payload
        if len(data) > self.max_bytes:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, partial = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(partial, path)
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise
        except OSError:
            return
        with self._lock:
            if self._size is not None:
                self._size += len(data)
            self._written += len(data)
            # Counted again after an eighth of the bound written here, so that what other
            # processes wrote meanwhile is seen too.
            due = self._size is None or self._size > self.max_bytes
            due = due or self._written > self.max_bytes // 8
        if due:
            self.evict()

    def evict(self) -> None:
        """Counts the folder and removes the least recently used files past the bound."""
        with self._lock:
            files: list[tuple[float, int, Path]] = []
            now = time.time()
            for entry in _entries(self.folder):
                try:
                    info = entry.stat()
                except OSError:
                    continue
                if entry.name.endswith(".tmp"):
                    if now - info.st_mtime > _STALE_SECONDS:
                        Path(entry.path).unlink(missing_ok=True)
                    continue
                files.append((info.st_mtime, info.st_size, Path(entry.path)))
            size = sum(f[1] for f in files)
            if size > self.max_bytes:
                files.sort()
                for _, length, path in files:
                    if size <= self.max_bytes * _LOW_WATER:
                        break
                    path.unlink(missing_ok=True)
                    size -= length
            self._size = size
            self._written = 0

    @property
    def size(self) -> int:
        """Bytes in the folder now (counted)."""
        total = 0
        for entry in _entries(self.folder):
            try:
                total += entry.stat().st_size
            except OSError:
                continue
        return total


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    found: list[os.DirEntry[str]] = []
    try:
        shards = [e for e in os.scandir(folder) if e.is_dir()]
    except OSError:
        return found
    for shard in shards:
        try:
            found.extend(e for e in os.scandir(shard.path) if e.is_file())
        except OSError:
            continue
    return found
