"""PandocRenderer: the Renderer port implemented with pandoc, python-docx and Typst."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from services.render import segments
from services.render.annex import annex_markdown, citation_config, has_annex
from services.render.assemble import assemble, cites, needs_filter
from services.render.docx_cover import finish_docx
from services.render.labels import Labels, labels_for
from services.render.pandoc import run_pandoc
from services.render.piece_render import PieceRender
from services.render.piece_store import DiskPieces
from services.render.review_notes import add_review_notes
from services.render.typst_pdf import typst_document
from services.render.workspace import Workspace, docx_metadata, docx_options
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

    What is costly to make is made once, on first use, and kept (`workspace.py`): the
    fonts (Typst's and the coverage sets), the reference DOCX, and a private folder
    holding it and the bibliographies; and what pandoc made of each section.
    """

    def __init__(
        self,
        *,
        pandoc_timeout: float | None = 240,
        pandoc_heap_mb: int | None = None,
        piece_folder: Path | None = None,
        piece_folder_mb: int = 256,
    ) -> None:
        self.pandoc_timeout = pandoc_timeout
        self.pandoc_heap_mb = pandoc_heap_mb
        self.workspace = Workspace()
        # What pandoc made of each section, for the next render of the same text: in
        # memory, and with a folder also on disk, for the render processes that follow.
        disk = None if piece_folder is None else DiskPieces(piece_folder, piece_folder_mb * 2**20)
        self.pieces: segments.PieceCache[str] = segments.PieceCache(disk=disk)
        self._piecewise = PieceRender(
            self.workspace,
            self.pieces,
            disk=disk,
            pandoc_timeout=pandoc_timeout,
            pandoc_heap_mb=pandoc_heap_mb,
        )

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
                return self._piecewise.render(edition, labels, fmt)
            except segments.Unsplittable as reason:
                log.warning("rendering the edition whole: %s", reason)
        markdown = assemble(edition, labels)
        # The practices annex (services/render/annex.py) follows the references.
        if has_annex(edition):
            markdown += "\n" + annex_markdown(edition, labels) + "\n"
        with self.workspace.images(edition, labels, fmt) as (image_root, image_config):
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
            options=docx_options(self.workspace, self._bibliography(edition)),
            metadata=docx_metadata(labels),
            filter_config=config,
            lua_filter=config is not None,
            after_filter=_after_citeproc(edition, labels),
            timeout=self.pandoc_timeout,
            heap_mb=self.pandoc_heap_mb,
        )
        return finish_docx(data, edition, labels)

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
        typst_pdf = self.workspace.typst_pdf()
        mark = typst_pdf.draft_mark(labels) if edition.kind == "draft" else None
        source = typst_document(edition, labels, body, typst_pdf.fonts, mark)
        typst_pdf.check(source, labels.language)
        return typst_pdf.compile(source, edition.date, root=image_root)

    def _bibliography(self, edition: Edition) -> list[str]:
        return self.workspace.bibliography(edition, cites(edition))
