"""Artifacts on local disk, written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workflows.rendering import StorageFailed


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# mkstemp makes files only their owner may read; an artifact is made as any file of the
# process is (0644 under the usual umask), so that an API and workers running as
# different users of one group can share the folder.
FILE_MODE = 0o666 & ~_umask()


class LocalArtifactFiles:
    """Files under one root folder; a path outside it is refused."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _path(self, relative: str) -> Path:
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root):
            raise ValueError(f"{relative!r} is outside the artifact folder")
        return path

    def write(self, path: str, data: bytes) -> None:
        """Write under a temporary name, then rename: a reader never sees half a file.

        StorageFailed, naming the cause, when the disk refuses (full, read-only, ...).
        """
        try:
            self._write(path, data)
        except OSError as error:
            reason = os.strerror(error.errno) if error.errno else str(error)
            raise StorageFailed(f"the artifact folder refused the file: {reason}") from error

    def _write(self, path: str, data: bytes) -> None:
        target = self._path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=".partial-", suffix=target.suffix
        )
        try:
            os.fchmod(fd, FILE_MODE)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def read(self, path: str) -> bytes:
        return self._path(path).read_bytes()

    def exists(self, path: str) -> bool:
        return self._path(path).is_file()

    def local_path(self, path: str) -> Path:
        return self._path(path)
