"""Each section's Typst as a file of its own, so that a warm compiler redoes only it.

Typst keeps what it laid out between compiles, keyed by the syntax it came from. In one
long source, a paragraph added in section 50 renumbers the syntax of everything after
it, and the recompile is as slow as the first (measured: 1.0 s against 0.45 s here, on
the 100-section benchmark paper). A section included from a file of its own keeps its
syntax whatever changes elsewhere. Files are named by the hash of their text, so a name
always means the same text; each thread writes in a folder of its own, which holds only
the pieces of its last render, and is the compile root (nothing else is in it).
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from services.render.typst_pdf import start_aligned_tables

# The one definition of the preamble that pandoc's Typst uses: an included file does not
# see the including file's definitions.
PRELUDE = "#let horizontalrule = line(start: (25%, 0%), end: (75%, 0%))\n"

# A compiler keeps every file it has read: past this many new ones in a thread, that
# thread's compiler is made anew, so a long-lived render process does not grow for ever.
FILES_PER_COMPILER = 3000


class TypstPieces:
    """Writes a render's sections as files in the calling thread's own folder."""

    def __init__(self, work: Path) -> None:
        self._work = work
        self._local = threading.local()

    def folder(self) -> Path:
        folder: Path | None = getattr(self._local, "folder", None)
        if folder is None:
            # Inside the renderer's folder, which goes when the renderer does.
            folder = Path(tempfile.mkdtemp(prefix="typst-pieces-", dir=self._work))
            self._local.folder = folder
            self._local.written = 0
        return folder

    def write(self, parts: Sequence[str]) -> tuple[str, bool]:
        """The Typst that includes the parts, and whether the thread's compiler is due
        to be renewed. Files of earlier renders not used by this one are removed."""
        folder = self.folder()
        names: list[str] = []
        for part in parts:
            text = PRELUDE + start_aligned_tables(part) + "\n"
            name = hashlib.sha256(text.encode()).hexdigest()[:40] + ".typ"
            path = folder / name
            if not path.exists():
                path.write_text(text, encoding="utf-8")
                self._local.written += 1
            names.append(name)
        keep = set(names)
        for old in folder.iterdir():
            if old.name not in keep:
                old.unlink(missing_ok=True)
        renew = self._local.written > FILES_PER_COMPILER
        if renew:
            self._local.written = 0
        return "".join(f'#include "/{name}"\n' for name in names), renew
