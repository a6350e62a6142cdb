"""Section pieces kept on disk: a fresh renderer reuses them and gives a cold render's bytes.

Real pandoc and Typst. A renderer renders a paper into a piece folder; a fresh renderer
on the same folder (a replaced render process, another worker) renders it again without
running pandoc over any section, and a changed paper, and its files equal a cold render's
byte for byte. A damaged piece is a miss and is written again; the folder stays within
its bound; two processes writing one key leave a whole piece.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.render import PandocRenderer, piece_render
from services.render.isolated import IsolatedRenderer
from services.render.piece_store import DiskPieces
from tests.integration.test_republish import edition

pytestmark = pytest.mark.slow


def pandoc_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The formats of the pandoc runs a piecewise render makes from now on."""
    runs: list[str] = []
    real: Callable[..., bytes] = piece_render.run_pandoc

    def counted(markdown: str, to: str, **options: Any) -> bytes:
        runs.append(to)
        return real(markdown, to, **options)

    monkeypatch.setattr(piece_render, "run_pandoc", counted)
    return runs


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_fresh_renderer_reads_the_pieces_from_disk_and_gives_cold_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    folder = tmp_path / "pieces"
    before = edition(lang)
    after = edition(lang, changed="\nOne more sentence.\n", extra_tables=1)
    first = PandocRenderer(piece_folder=folder)
    made = {fmt: first.render(before, fmt) for fmt in ("docx", "pdf")}
    assert files(folder)

    runs = pandoc_runs(monkeypatch)
    again = PandocRenderer(piece_folder=folder)
    assert {fmt: again.render(before, fmt) for fmt in ("docx", "pdf")} == made
    assert runs == []  # every section (and the DOCX shell) came from the folder
    republished = {fmt: again.render(after, fmt) for fmt in ("docx", "pdf")}
    assert runs == ["docx", "typst"]  # only the changed section met pandoc

    monkeypatch.undo()
    cold = PandocRenderer()
    assert {fmt: cold.render(after, fmt) for fmt in ("docx", "pdf")} == republished


def test_a_damaged_piece_is_ignored_and_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pieces"
    paper = edition("en")
    made = PandocRenderer(piece_folder=folder).render(paper, "docx")
    stored = files(folder)
    cut, flipped = stored[0], stored[1]
    cut.write_bytes(cut.read_bytes()[:-7])
    data = bytearray(flipped.read_bytes())
    data[-3] ^= 0x20
    flipped.write_bytes(bytes(data))

    runs = pandoc_runs(monkeypatch)
    fresh = PandocRenderer(piece_folder=folder)
    assert fresh.render(paper, "docx") == made
    assert runs  # the damaged pieces were made again
    disk = DiskPieces(folder, 2**30)
    for path in (cut, flipped):
        assert disk.get(path.name) is not None  # rewritten whole
    assert disk.misses == 0


def test_the_folder_stays_within_its_bound_and_keeps_the_recently_used(tmp_path: Path) -> None:
    disk = DiskPieces(tmp_path, 64 * 1024)
    keys = [f"{n:064x}" for n in range(100)]
    for n, key in enumerate(keys):
        disk.put(key, bytes([n]) * 2000)
        os.utime(disk._path(key), (1000 + n, 1000 + n))  # written in order, a second apart
        if n == 20:  # before the folder is full
            assert disk.get(keys[0]) is not None  # used again: now the most recent
        assert disk.size <= 64 * 1024
    assert disk.get(keys[0]) == bytes([0]) * 2000
    assert disk.get(keys[99]) == bytes([99]) * 2000
    assert disk.get(keys[1]) is None  # the least recently used went first


def test_only_a_hash_names_a_piece_file(tmp_path: Path) -> None:
    disk = DiskPieces(tmp_path / "pieces", 2**20)
    for key in ("../../etc/passwd", "A" * 64, "ab" * 32 + "/x"):
        with pytest.raises(ValueError):
            disk.get(key)
        with pytest.raises(ValueError):
            disk.put(key, b"x")


def _write_many(folder: str, key: str, payload: bytes, times: int) -> None:
    disk = DiskPieces(Path(folder), 2**30)
    for _ in range(times):
        disk.put(key, payload)


def test_two_processes_writing_one_key_leave_a_whole_piece(tmp_path: Path) -> None:
    key = "ab" * 32
    payload = os.urandom(2**20)
    context = multiprocessing.get_context("spawn")
    writers = [
        context.Process(target=_write_many, args=(str(tmp_path), key, payload, 40))
        for _ in range(2)
    ]
    for writer in writers:
        writer.start()
    reader = DiskPieces(tmp_path, 2**30)
    seen = False
    while any(w.is_alive() for w in writers):
        found = reader.get(key)
        # Once there, the name always holds a whole piece (a rename replaces it whole).
        assert found == payload if seen else found in (None, payload)
        seen = seen or found is not None
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert reader.get(key) == payload
    assert [p.name for p in files(tmp_path)] == [key]  # no partial file left behind


def test_a_replaced_render_process_reuses_the_pieces_on_disk(tmp_path: Path) -> None:
    folder = tmp_path / "pieces"
    paper = edition("en")
    # Past 128 MB after every render: each render's process is replaced by a fresh one.
    renderer = IsolatedRenderer(processes=1, recycle_mb=128, piece_folder=folder)
    try:
        renderer.warm()
        [child] = renderer._all
        made = {fmt: renderer.render(paper, fmt) for fmt in ("docx", "pdf")}
        assert not child.alive
        stored = {p: p.stat().st_ino for p in files(folder)}
        for path in stored:
            os.utime(path, (1000, 1000))
        again = {fmt: renderer.render(paper, fmt) for fmt in ("docx", "pdf")}
    finally:
        renderer.close()
    assert again == made
    # Every piece was read by the fresh processes (a hit marks it used) and none was made
    # again (a piece written anew is a new file under the same name).
    assert {p: p.stat().st_ino for p in files(folder)} == stored
    assert all(p.stat().st_mtime > 1000 for p in stored)
