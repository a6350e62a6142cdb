"""What a renderer makes once and keeps: its private folder and what lives in it.

The reference DOCX, the bibliographies (one file per text, under its hash), Typst's
fonts and warm compiler, and the folders that hold a render's images or Typst pieces.
The folder goes when the workspace does.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from services.render.annex import has_annex, stage_figure
from services.render.fonts import font_set
from services.render.images import stage_images
from services.render.labels import Labels
from services.render.reference import build_reference_docx
from services.render.typst_pdf import TypstPdf
from services.render.typst_pieces import TypstPieces
from workflows.rendering import Edition, RenderFailed


class Workspace:
    """Made on first use and kept; shared by a renderer's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._workdir: Path | None = None
        self._reference: Path | None = None
        self._typst: TypstPdf | None = None
        self._pieces_files: TypstPieces | None = None

    def folder(self) -> Path:
        with self._lock:
            if self._workdir is None:
                self._workdir = Path(tempfile.mkdtemp(prefix="accord-render-"))
                weakref.finalize(self, shutil.rmtree, self._workdir, True)
            return self._workdir

    def reference_docx(self) -> Path:
        work = self.folder()
        with self._lock:
            if self._reference is None:
                path = work / "reference.docx"
                path.write_bytes(build_reference_docx())
                self._reference = path
            return self._reference

    def typst_files(self) -> TypstPieces:
        work = self.folder()
        with self._lock:
            if self._pieces_files is None:
                self._pieces_files = TypstPieces(work)
            return self._pieces_files

    def typst_pdf(self) -> TypstPdf:
        work = self.folder()
        with self._lock:
            if self._typst is None:
                empty = work / "typst-root"
                empty.mkdir(exist_ok=True)
                self._typst = TypstPdf(font_set(), empty)
            return self._typst

    def bibliography(self, edition: Edition, cited: bool) -> list[str]:
        """pandoc's options for the edition's bibliography, when its text cites it."""
        # Without --citeproc the filter prints citations as written: the Typst writer
        # would otherwise hand them to Typst, which knows no such label and fails.
        if not edition.bibliography or not cited:
            return []
        try:
            entries = json.loads(edition.bibliography)
        except ValueError as error:
            raise RenderFailed(f"the bibliography is not valid CSL JSON: {error}") from None
        if not isinstance(entries, list):
            raise RenderFailed("the bibliography is not valid CSL JSON: a list is expected")
        # Kept under its hash: one file serves every language and format of the paper.
        text = edition.bibliography.encode()
        path = self.folder() / f"bibliography-{hashlib.sha256(text).hexdigest()[:32]}.json"
        if not path.exists():
            partial = path.with_suffix(f".{threading.get_ident()}.tmp")
            partial.write_bytes(text)
            partial.replace(path)
        return ["--citeproc", f"--bibliography={path}"]

    @contextmanager
    def images(
        self, edition: Edition, labels: Labels, fmt: str
    ) -> Iterator[tuple[Path | None, dict[str, object]]]:
        # Only a render with images touches the disk for them: Typst and the filter read
        # them from a folder of their own, removed as soon as the render is over.
        if not edition.images and not has_annex(edition):
            yield None, {}
            return
        folder = Path(tempfile.mkdtemp(prefix="images-", dir=self.folder()))
        try:
            images = stage_images(edition.images, folder)
            # The annex's figure, drawn for this format (an image of no name a paper has).
            typst_pdf = self.typst_pdf()
            images.update(
                stage_figure(edition, labels, typst_pdf.fonts, folder, fmt, typst_pdf.picture)
            )
            yield folder, {"dir": str(folder), "images": images}
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def docx_options(workspace: Workspace, bibliography: list[str]) -> list[str]:
    options = [f"--reference-doc={workspace.reference_docx()}", "--toc", "--toc-depth=2"]
    return options + bibliography


def docx_metadata(labels: Labels) -> dict[str, str]:
    metadata = {"lang": labels.pandoc_lang, "toc-title": labels.contents}
    if labels.rtl:
        metadata["dir"] = "rtl"
    return metadata
