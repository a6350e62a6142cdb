"""Sections converted once: pandoc's output per section, cached and joined.

Republishing a language after one section changed used to run pandoc over every section
again. Here each section's Markdown is converted on its own terms and kept, under a hash
of everything the conversion reads: the section's Markdown (heading, number, note, body,
its footnote prefix), the output it is for, the filter's settings (language, labels,
direction), the filter files and the pandoc binary. A changed section, or a changed
setting, is a new key; nothing is looked up by name or version, so no change can be
missed. Another unit of the document (an annex, say) becomes a piece of its own in the
same way: its key is the hash of its Markdown.

The pieces must not depend on each other, or a cached one would go stale when a
neighbour changes. Within a section they do not, with three document-wide things taken
care of: table and figure labels are placeholders numbered when the pieces are joined;
footnote labels carry the section's prefix already; and what pandoc resolves across the
whole document (citations, reference-style link definitions, example lists, identifiers
it makes from authors' headings, numbered paragraphs, images in their temporary folder)
sends the edition down the whole-document path instead (`piecewise`).

A cold render makes the pieces in batched pandoc runs, cut at the section marks (Typst)
or the sections' bookmarks (DOCX, `docx_pieces.py`), so the cold path and the incremental
path produce the same pieces and the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, cast

from services.render.labels import Labels
from services.render.pandoc import AFTER_FILTER, FILTER, pandoc_binary
from services.render.piece_store import DiskPieces
from workflows.rendering import Edition

# Bump when the way pieces are made, cut or joined changes: old pieces then miss.
GENERATION = "segments-2"

# The filter writes this raw line before each section heading of a Typst conversion.
MARK = "// accord-segment"
_PLACEHOLDER = re.compile("\ue000([TF])\ue000")

# What pandoc resolves across the whole document, or what reads outside the text:
# a heading written by an author (ATX, setext, inside a quote or list item; its
# identifier is made unique against the others), a reference link definition (not a
# footnote's: its label carries the section's prefix, so it resolves inside it), an
# example list or citation ("@"), a private-use character (the label placeholders and
# the numeral a DOCX piece holds in their place).
_DOCUMENT_WIDE = re.compile(
    r"^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?#|^[ \t>]*(?:=+|-+)[ \t]*$|^ {0,3}\[(?!\^)[^\]]*\]:|@"
    r"|[\ue000\ue001]",
    re.MULTILINE,
)

_PRIVATE = re.compile("[\ue000\ue001]")

Target = Literal["docx", "typst"]

# Sections per pandoc run when many are missing (a cold render): pandoc's memory grows
# with the document (about 560 MB for the 100-section benchmark paper in one run, with
# its heap settings), while each run costs only its start (some 40 ms). Pieces do not
# depend on their neighbours, so how they are batched changes no byte.
BATCH = 25


class Unsplittable(Exception):
    """pandoc's output could not be cut into one piece per section: render it whole."""


def piecewise(edition: Edition) -> bool:
    """Whether the edition's sections convert independently of each other."""
    if edition.images or edition.numbered_paragraphs or edition.bibliography:
        return False
    return all(_converts_alone(s.body, s.title) for s in edition.sections)


# Asked of every section at every render, and each answer costs a scan of its body (some
# 10 ms for the 100-section paper): a body seen before is answered from here.
@lru_cache(maxsize=4096)
def _converts_alone(body: str, title: str) -> bool:
    return not (_DOCUMENT_WIDE.search(body) or _PRIVATE.search(title))


@cache
def tools_fingerprint() -> str:
    """The pandoc binary, the filters and the code that cuts and lays out the pieces:
    a new version of any is a new key (pieces outlive a process on disk)."""
    digest = hashlib.sha256()
    binary = pandoc_binary()
    digest.update(binary.encode())
    try:
        info = os.stat(binary)
        digest.update(f"{info.st_size}:{info.st_mtime_ns}".encode())
    except OSError:
        pass
    for path in (FILTER, AFTER_FILTER):
        digest.update(path.read_bytes())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in ("python-docx", "lxml"):
        digest.update(f"{package} {metadata.version(package)}\n".encode())
    return digest.hexdigest()


Piece = TypeVar("Piece", str, bytes)


class PieceCache(Generic[Piece]):
    """Least recently used pieces, bounded in bytes; shared by a renderer's threads.

    In memory first; with `disk`, also kept as files (`piece_store.py`) that a fresh
    render process, or another worker's, finds. A key is the hash of all that made the
    piece, the render code included (`tools_fingerprint`), so a deploy's new code never
    reads a piece the old code made.
    """

    def __init__(self, max_bytes: int = 64 * 2**20, disk: DiskPieces | None = None) -> None:
        self.max_bytes = max_bytes
        self.disk = disk
        self._pieces: OrderedDict[str, Piece] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Piece | None:
        with self._lock:
            piece = self._pieces.get(key)
            if piece is not None:
                self._pieces.move_to_end(key)
                self.hits += 1
                return piece
        stored = None if self.disk is None else self.disk.get(key)
        if stored is None:
            with self._lock:
                self.misses += 1
            return None
        # The disk holds bytes; a text piece was stored as UTF-8 (a damaged one is a miss).
        kind, payload = stored[:1], stored[1:]
        # Any: the kind byte says which of str and bytes this cache's Piece is.
        found: Any = None
        if kind == b"t":
            with contextlib.suppress(UnicodeDecodeError):
                found = payload.decode()
        elif kind == b"b":
            found = payload
        with self._lock:
            if found is None:
                self.misses += 1
                return None
            self.hits += 1
        self._remember(key, found)
        return cast(Piece, found)

    def put(self, key: str, piece: Piece) -> None:
        self._remember(key, piece)
        if self.disk is not None:
            stored = b"t" + piece.encode() if isinstance(piece, str) else b"b" + piece
            self.disk.put(key, stored)

    def _remember(self, key: str, piece: Piece) -> None:
        size = len(piece)
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._pieces.pop(key, None)
            if old is not None:
                self._size -= len(old)
            self._pieces[key] = piece
            self._size += size
            while self._size > self.max_bytes:
                _, dropped = self._pieces.popitem(last=False)
                self._size -= len(dropped)

    @property
    def size(self) -> int:
        return self._size


def piece_key(target: Target, config: Mapping[str, object], markdown: str) -> str:
    text = json.dumps(
        [GENERATION, tools_fingerprint(), target, dict(config), markdown],
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()


# Converts Markdown to `target` with the filter's settings; returns pandoc's output.
Convert = Callable[[str, Target, Mapping[str, object]], bytes]
# Converts a batch of sections' Markdown to one piece per section.
ConvertBatch = Callable[[Sequence[str]], list[str]]


def pieces(
    cache: PieceCache[str],
    target: Target,
    config: Mapping[str, object],
    chunks: Sequence[str],
    convert: ConvertBatch,
) -> list[str]:
    """Each chunk's converted piece: from the cache, or the missing ones in batched runs."""
    keys = [piece_key(target, config, chunk) for chunk in chunks]
    found = [cache.get(key) for key in keys]
    missing = [i for i, piece in enumerate(found) if piece is None]
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        made = convert([chunks[i] for i in batch])
        if len(made) != len(batch):
            raise Unsplittable(f"{len(made)} pieces for {len(batch)} sections")
        for i, piece in zip(batch, made, strict=True):
            cache.put(keys[i], piece)
            found[i] = piece
    return [piece for piece in found if piece is not None]


def typst_batch(chunks: Sequence[str], config: Mapping[str, object], convert: Convert) -> list[str]:
    """The sections' Typst, one piece per section, from one pandoc run."""
    settings = {**config, "format": "typst", "placeholders": True, "segment_mark": MARK}
    markdown = "\n\n".join(chunks) + "\n"
    out = convert(markdown, "typst", settings).decode()
    parts = out.split(MARK + "\n")
    if parts[0].strip() or len(parts) != len(chunks) + 1:
        raise Unsplittable(f"{len(parts) - 1} marks for {len(chunks)} sections")
    return [part.strip("\n") for part in parts[1:]]


def typst_parts(parts: Sequence[str], labels: Labels) -> list[str]:
    """The Typst pieces, their table and figure labels numbered through the document."""
    return number_labels(parts, labels, _typst_text)


def number_labels(texts: Sequence[str], labels: Labels, escape: Callable[[str], str]) -> list[str]:
    """Each placeholder replaced, in document order, by its series' next label."""
    counts = {"T": 0, "F": 0}

    def label(match: re.Match[str]) -> str:
        series = match.group(1)
        counts[series] += 1
        n = counts[series]
        return escape(labels.table(n) if series == "T" else labels.figure(n))

    return [_PLACEHOLDER.sub(label, text) for text in texts]


_TYPST_SPECIAL = re.compile(r"([\\#*_$<>@\[\]`~/=+\-\"'])")


def _typst_text(label: str) -> str:
    """A label as Typst markup that prints it as written."""
    return _TYPST_SPECIAL.sub(r"\\\1", label)
