"""PandocRenderer: the Renderer port implemented with pandoc, python-docx and Typst."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import shutil
import tempfile
import threading
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from services.render import segments
from services.render.annex import annex_markdown, citation_config, has_annex, stage_figure
from services.render.assemble import assemble, cites, needs_filter, section_chunks, title_block
from services.render.docx_cover import finish_docx
from services.render.fonts import font_set
from services.render.images import stage_images
from services.render.labels import Labels, labels_for
from services.render.pandoc import run_pandoc
from services.render.reference import build_reference_docx
from services.render.review_notes import add_review_notes
from services.render.typst_pdf import TypstPdf, typst_document
from services.render.typst_pieces import TypstPieces
from workflows.rendering import Edition, RenderFailed, RenderSection, ReviewNote

log = logging.getLogger("accord.render")

# How many tables and figures get their label from here (numerals differ by language);
# past them the filter writes the word and the number.
_LABELLED = 60

_WARM_WORDS = {"ar": "سلام", "en": "Peace", "es": "Paz", "fr": "Paix", "ru": "Мир", "zh": "和平"}


def _after_citeproc(edition: Edition, labels: Labels) -> bool:
    """Whether what citeproc writes needs the second filter: references set left to right
    in a right-to-left document, Chinese citations in full-width parentheses, French
    abbreviations ("nᵒ") in letters every font has."""
    return cites(edition) and (labels.rtl or labels.language in ("zh", "fr"))


class PandocRenderer:
    """Renders an edition to DOCX or PDF; one instance serves many renders and threads.

    What is costly to make is made once, on first use, and kept: the fonts (Typst's and
    the coverage sets), the reference DOCX, and a private folder holding it and the
    bibliographies. The folder goes when the renderer does.
    """

    def __init__(
        self, *, pandoc_timeout: float | None = 240, pandoc_heap_mb: int | None = None
    ) -> None:
        self.pandoc_timeout = pandoc_timeout
        self.pandoc_heap_mb = pandoc_heap_mb
        self._lock = threading.Lock()
        self._workdir: Path | None = None
        self._reference: Path | None = None
        self._typst: TypstPdf | None = None
        self._pieces_files: TypstPieces | None = None
        # What pandoc made of each section, for the next render of the same text.
        self.pieces = segments.PieceCache()

    def warm(self) -> None:
        """Make now what a first render would: fonts, coverage sets, the reference document
        and the calling thread's Typst compiler, for every language."""
        for language, word in _WARM_WORDS.items():
            edition = Edition(
                paper_title=word,
                symbol="A/1",
                forum=word,
                date=datetime.date(2016, 1, 1),
                language=language,
                source_language=language,
                version="0",
                kind="final",
                distribution="General",
                sections=(RenderSection(key="s", number="1", title=word, body=word),),
            )
            self.render(edition, "docx")
            self.render(edition, "pdf")

    def render(self, edition: Edition, fmt: Literal["docx", "pdf"]) -> bytes:
        """The file's bytes; the same edition gives the same bytes in any process.

        RenderFailed (with a reason for people) when the document cannot be made;
        TimeoutError when pandoc runs past its time limit.
        """
        if fmt not in ("docx", "pdf"):
            raise RenderFailed(f"unknown format {fmt!r}: docx or pdf")
        if not edition.sections:
            raise RenderFailed("the edition has no sections")
        labels = labels_for(edition.language)
        # An annex of practices cites the paper's bibliography and carries a figure, both
        # document-wide: such an edition is rendered whole.
        if segments.piecewise(edition) and not has_annex(edition):
            try:
                return self._render_pieces(edition, labels, fmt)
            except segments.Unsplittable as reason:
                log.warning("rendering the edition whole: %s", reason)
        markdown = assemble(edition, labels)
        # The practices annex (services/render/annex.py) follows the references.
        if has_annex(edition):
            markdown += "\n" + annex_markdown(edition, labels) + "\n"
        with self._images(edition, labels, fmt) as (image_root, image_config):
            filter_config: dict[str, object] | None = {
                "missing": labels.image_missing,
                "citations": cites(edition),
                "language": labels.language,
                "rtl": labels.rtl,
                "numbered_paragraphs": edition.numbered_paragraphs,
                "table_word": labels.table_word,
                "figure_word": labels.figure_word,
                "table_labels": [labels.table(n) for n in range(1, _LABELLED + 1)],
                "figure_labels": [labels.figure(n) for n in range(1, _LABELLED + 1)],
                **image_config,
                **citation_config(edition, labels),
            }
            if not needs_filter(edition):
                filter_config = None
            if fmt == "docx":
                return self._docx(edition, labels, markdown, filter_config)
            return self._pdf(edition, labels, markdown, filter_config, image_root)

    def _render_pieces(
        self, edition: Edition, labels: Labels, fmt: Literal["docx", "pdf"]
    ) -> bytes:
        """The edition from its sections' cached conversions; only new text meets pandoc."""
        config: dict[str, object] = {
            "missing": labels.image_missing,
            "citations": False,
            "language": labels.language,
            "rtl": labels.rtl,
            "numbered_paragraphs": False,
        }
        chunks = section_chunks(edition, labels)

        def convert(
            markdown: str, target: segments.Target, settings: Mapping[str, object]
        ) -> bytes:
            return run_pandoc(
                markdown,
                "json" if target == "docx" else "typst",
                day=edition.date,
                filter_config=settings,
                timeout=self.pandoc_timeout,
                heap_mb=self.pandoc_heap_mb,
            )

        if fmt == "pdf":
            parts = segments.pieces(self.pieces, "typst", config, chunks, convert)
            return self._typeset_pieces(edition, labels, segments.typst_parts(parts, labels))
        parts = segments.pieces(self.pieces, "docx", config, chunks, convert)
        title = title_block(edition)
        key = segments.piece_key("docx", config, "meta\n" + title)
        head = self.pieces.get(key)
        if head is None:
            head = segments.title_meta(title, convert, config)
            self.pieces.put(key, head)
        document = segments.docx_json(head, parts, labels)
        data = run_pandoc(
            document,
            "docx",
            day=edition.date,
            options=self._docx_options(edition),
            metadata=self._docx_metadata(labels),
            lua_filter=False,
            timeout=self.pandoc_timeout,
            heap_mb=self.pandoc_heap_mb,
            reader="json",
        )
        return finish_docx(data, edition, labels)

    def review_copy(self, edition: Edition, notes: Sequence[ReviewNote]) -> bytes:
        """The edition as a DOCX with each open thread as a Word comment on its quote."""
        return add_review_notes(self.render(edition, "docx"), notes, edition.language)

    def _docx(
        self, edition: Edition, labels: Labels, markdown: str, config: dict[str, object] | None
    ) -> bytes:
        data = run_pandoc(
            markdown,
            "docx",
            day=edition.date,
            options=self._docx_options(edition),
            metadata=self._docx_metadata(labels),
            filter_config=config,
            lua_filter=config is not None,
            after_filter=_after_citeproc(edition, labels),
            timeout=self.pandoc_timeout,
            heap_mb=self.pandoc_heap_mb,
        )
        return finish_docx(data, edition, labels)

    def _docx_options(self, edition: Edition) -> list[str]:
        options = [f"--reference-doc={self._reference_docx()}", "--toc", "--toc-depth=2"]
        return options + self._bibliography(edition)

    @staticmethod
    def _docx_metadata(labels: Labels) -> dict[str, str]:
        metadata = {"lang": labels.pandoc_lang, "toc-title": labels.contents}
        if labels.rtl:
            metadata["dir"] = "rtl"
        return metadata

    def _pdf(
        self,
        edition: Edition,
        labels: Labels,
        markdown: str,
        config: dict[str, object] | None,
        image_root: Path | None,
    ) -> bytes:
        body = run_pandoc(
            markdown,
            "typst",
            day=edition.date,
            options=self._bibliography(edition),
            metadata={"lang": labels.pandoc_lang},
            filter_config=config,
            lua_filter=config is not None,
            after_filter=_after_citeproc(edition, labels),
            timeout=self.pandoc_timeout,
            heap_mb=self.pandoc_heap_mb,
        ).decode()
        return self._typeset(edition, labels, body, image_root)

    def _typeset(
        self, edition: Edition, labels: Labels, body: str, image_root: Path | None
    ) -> bytes:
        # The compiler stays warm between renders: Typst keeps what it laid out before
        # and redoes only what the changed text touches.
        typst_pdf = self._typst_pdf()
        mark = typst_pdf.draft_mark(labels) if edition.kind == "draft" else None
        source = typst_document(edition, labels, body, typst_pdf.fonts, mark)
        typst_pdf.check(source, labels.language)
        return typst_pdf.compile(source, edition.date, root=image_root)

    def _typeset_pieces(self, edition: Edition, labels: Labels, parts: list[str]) -> bytes:
        typst_pdf = self._typst_pdf()
        includes, renew = self._typst_files().write(parts)
        if renew:
            typst_pdf.renew_compiler()
        mark = typst_pdf.draft_mark(labels) if edition.kind == "draft" else None
        source = typst_document(edition, labels, includes, typst_pdf.fonts, mark)
        typst_pdf.check(source + "".join(parts), labels.language)
        return typst_pdf.compile(source, edition.date, root=self._typst_files().folder())

    @contextmanager
    def _images(
        self, edition: Edition, labels: Labels, fmt: str
    ) -> Iterator[tuple[Path | None, dict[str, object]]]:
        # Only a render with images touches the disk for them: Typst and the filter read
        # them from a folder of their own, removed as soon as the render is over.
        if not edition.images and not has_annex(edition):
            yield None, {}
            return
        folder = Path(tempfile.mkdtemp(prefix="images-", dir=self._work()))
        try:
            images = stage_images(edition.images, folder)
            # The annex's figure, drawn for this format (an image of no name a paper has).
            typst_pdf = self._typst_pdf()
            images.update(
                stage_figure(
                    edition,
                    labels,
                    typst_pdf.fonts,
                    folder,
                    fmt,
                    typst_pdf.picture,
                )
            )
            yield folder, {"dir": str(folder), "images": images}
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _bibliography(self, edition: Edition) -> list[str]:
        # Without --citeproc the filter prints citations as written: the Typst writer
        # would otherwise hand them to Typst, which knows no such label and fails.
        if not edition.bibliography or not cites(edition):
            return []
        try:
            entries = json.loads(edition.bibliography)
        except ValueError as error:
            raise RenderFailed(f"the bibliography is not valid CSL JSON: {error}") from None
        if not isinstance(entries, list):
            raise RenderFailed("the bibliography is not valid CSL JSON: a list is expected")
        # Kept under its hash: one file serves every language and format of the paper.
        text = edition.bibliography.encode()
        path = self._work() / f"bibliography-{hashlib.sha256(text).hexdigest()[:32]}.json"
        if not path.exists():
            partial = path.with_suffix(f".{threading.get_ident()}.tmp")
            partial.write_bytes(text)
            partial.replace(path)
        return ["--citeproc", f"--bibliography={path}"]

    def _work(self) -> Path:
        with self._lock:
            if self._workdir is None:
                self._workdir = Path(tempfile.mkdtemp(prefix="accord-render-"))
                weakref.finalize(self, shutil.rmtree, self._workdir, True)
            return self._workdir

    def _reference_docx(self) -> Path:
        work = self._work()
        with self._lock:
            if self._reference is None:
                path = work / "reference.docx"
                path.write_bytes(build_reference_docx())
                self._reference = path
            return self._reference

    def _typst_files(self) -> TypstPieces:
        work = self._work()
        with self._lock:
            if self._pieces_files is None:
                self._pieces_files = TypstPieces(work)
            return self._pieces_files

    def _typst_pdf(self) -> TypstPdf:
        work = self._work()
        with self._lock:
            if self._typst is None:
                empty = work / "typst-root"
                empty.mkdir(exist_ok=True)
                self._typst = TypstPdf(font_set(), empty)
            return self._typst
