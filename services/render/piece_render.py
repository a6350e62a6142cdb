"""An edition rendered from its sections' pieces: only new text meets pandoc.

Each section's conversion (Typst for the PDF, laid-out OOXML for the DOCX) is kept under
the hash of what it was made from (`segments.py`); a render converts only the sections
it has no piece for, in batched pandoc runs, and joins the pieces. A cold render goes
the same way, so a republish and a cold render of the same text give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from services.render import segments
from services.render.assemble import section_chunks, title_block
from services.render.docx_cover import finish_pieces
from services.render.docx_pieces import make_pieces
from services.render.labels import Labels
from services.render.pandoc import run_pandoc
from services.render.piece_store import DiskPieces
from services.render.typst_pdf import typst_document
from services.render.workspace import Workspace, docx_metadata, docx_options
from workflows.rendering import Edition


class PieceRender:
    """Renders piecewise editions with a renderer's workspace and caches."""

    def __init__(
        self,
        workspace: Workspace,
        pieces: segments.PieceCache[str],
        *,
        disk: DiskPieces | None = None,
        pandoc_timeout: float | None,
        pandoc_heap_mb: int | None,
    ) -> None:
        self.workspace = workspace
        self.pieces = pieces
        # pandoc's DOCX of a title alone: the package every DOCX of that title is made in.
        self.shells: segments.PieceCache[bytes] = segments.PieceCache(
            max_bytes=4 * 2**20, disk=disk
        )
        self.pandoc_timeout = pandoc_timeout
        self.pandoc_heap_mb = pandoc_heap_mb

    def render(self, edition: Edition, labels: Labels, fmt: Literal["docx", "pdf"]) -> bytes:
        config: dict[str, object] = {
            "missing": labels.image_missing,
            "citations": False,
            "language": labels.language,
            "rtl": labels.rtl,
            "numbered_paragraphs": False,
        }
        chunks = section_chunks(edition, labels)
        if fmt == "pdf":
            return self._pdf(edition, labels, config, chunks)
        return self._docx(edition, labels, config, chunks)

    def _pandoc(
        self,
        edition: Edition,
        markdown: str,
        to: str,
        settings: Mapping[str, object],
        options: Sequence[str] = (),
        metadata: Mapping[str, str] = {},  # noqa: B006 - never mutated
    ) -> bytes:
        return run_pandoc(
            markdown,
            to,
            day=edition.date,
            options=options,
            metadata=metadata,
            filter_config=settings,
            timeout=self.pandoc_timeout,
            heap_mb=self.pandoc_heap_mb,
        )

    def _pdf(
        self, edition: Edition, labels: Labels, config: dict[str, object], chunks: list[str]
    ) -> bytes:
        def convert(
            markdown: str, target: segments.Target, settings: Mapping[str, object]
        ) -> bytes:
            return self._pandoc(edition, markdown, target, settings)

        parts = segments.pieces(
            self.pieces,
            "typst",
            config,
            chunks,
            lambda batch: segments.typst_batch(batch, config, convert),
        )
        parts = segments.typst_parts(parts, labels)
        typst_pdf = self.workspace.typst_pdf()
        files = self.workspace.typst_files()
        includes, renew = files.write(parts)
        if renew:
            typst_pdf.renew_compiler()
        mark = typst_pdf.draft_mark(labels) if edition.kind == "draft" else None
        source = typst_document(edition, labels, includes, typst_pdf.fonts, mark)
        typst_pdf.check(source + "".join(parts), labels.language)
        return typst_pdf.compile(source, edition.date, root=files.folder())

    def _docx(
        self, edition: Edition, labels: Labels, config: dict[str, object], chunks: list[str]
    ) -> bytes:
        settings = {**config, "format": "docx", "placeholders": True}
        # Sections are written with the reference document's styles and the document's
        # direction, as the whole document would be; the contents come with the shell.
        options = [f"--reference-doc={self.workspace.reference_docx()}"]
        metadata = docx_metadata(labels)

        def convert(batch: Sequence[str]) -> list[str]:
            markdown = "\n\n".join(batch) + "\n"
            data = self._pandoc(edition, markdown, "docx", settings, options, metadata)
            return make_pieces(data, batch, labels)

        parts = segments.pieces(self.pieces, "docx", config, chunks, convert)
        return finish_pieces(self._shell(edition, labels, config), parts, edition, labels)

    def _shell(self, edition: Edition, labels: Labels, config: dict[str, object]) -> bytes:
        title = title_block(edition)
        key = segments.piece_key("docx", config, f"shell {edition.date.isoformat()}\n{title}")
        shell = self.shells.get(key)
        if shell is None:
            shell = self._pandoc(
                edition,
                title + "\n",
                "docx",
                {**config, "format": "docx"},
                docx_options(self.workspace, []),
                docx_metadata(labels),
            )
            self.shells.put(key, shell)
        return shell
