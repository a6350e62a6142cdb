"""Artifact files are written whole and readable by the service's group and others."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from services.storage.files import FILE_MODE, LocalArtifactFiles


def test_an_artifact_is_readable_by_other_users_under_the_usual_umask(tmp_path: Path) -> None:
    files = LocalArtifactFiles(tmp_path)
    files.write("paper/1.0/A-1-1.0-en.pdf", b"%PDF-1.7 ...")
    mode = stat.S_IMODE(os.stat(tmp_path / "paper/1.0/A-1-1.0-en.pdf").st_mode)
    assert mode == FILE_MODE
    # Under the umask every Debian service gets (022), others may read: 0644, not 0600.
    if FILE_MODE == 0o666 & ~0o022:
        assert mode == 0o644
    assert mode & stat.S_IRGRP and mode & stat.S_IROTH or FILE_MODE & 0o044 == 0
    assert not [p for p in (tmp_path / "paper/1.0").iterdir() if p.name.startswith(".partial")]
