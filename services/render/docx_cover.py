"""What python-docx adds to pandoc's DOCX: the cover block, the draft mark, the properties."""

from __future__ import annotations

import datetime
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from services.render.determinism import normalize_zip
from services.render.labels import Labels
from workflows.rendering import Edition


def finish_docx(data: bytes, edition: Edition, labels: Labels) -> bytes:
    """pandoc's DOCX with the cover block, the draft mark and fixed properties, as stable
    bytes: the same edition always gives the same file."""
    document = Document(io.BytesIO(data))
    _cover(document, edition, labels)
    if edition.kind == "draft":
        _draft_header(document, labels)
    if labels.rtl:
        # pandoc leaves its title paragraph left-to-right; everything else it already
        # marks with <w:bidi/>.
        for paragraph in document.paragraphs:
            if not _left_to_right_text(paragraph):
                _bidi(paragraph)
        for table in document.tables:
            _right_to_left_columns(table._tbl.tblPr)
    _properties(document, edition, labels)
    _drop_custom_properties(document)
    out = io.BytesIO()
    document.save(out)
    return normalize_zip(out.getvalue(), edition.date)


def _cover(document: DocxDocument, edition: Edition, labels: Labels) -> None:
    # The UN's masthead: symbol, distribution, date and original language at the top
    # on the trailing side (for a bidi paragraph "right" is mirrored by Word), then the
    # forum; pandoc's title and table of contents follow.
    lines = [
        (edition.symbol, True, 12),
        (labels.distribution(edition.distribution), False, 10),
        (labels.date(edition.date), False, 10),
        (labels.original(edition.source_language), False, 10),
    ]
    cover: list[Paragraph] = []
    for text, bold, size in lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
        cover.append(paragraph)
    forum = document.add_paragraph()
    forum.paragraph_format.space_before = Pt(18)
    forum.paragraph_format.space_after = Pt(18)
    forum.add_run(edition.forum).bold = True
    cover.append(forum)
    # Made at the end of the body, then moved to its very start: ahead of whatever
    # pandoc put first (the title, or the table of contents when there is no title).
    body = document.element.body
    for position, paragraph in enumerate(cover):
        body.insert(position, paragraph._p)


def _draft_header(document: DocxDocument, labels: Labels) -> None:
    # On every page, in the header: Word shows it the way a watermark is meant to be
    # read, without a drawing that other editors lose.
    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(labels.draft.upper())
        run.bold = True
        run.font.size = Pt(14)
        if labels.rtl:
            _bidi(paragraph)


def _left_to_right_text(paragraph: Paragraph) -> bool:
    """A paragraph pandoc set in a left-to-right language on purpose: a draft's original
    text standing in for a translation, every run of it marked with its language."""
    languages = [r.find(f"{qn('w:rPr')}/{qn('w:lang')}") for r in paragraph._p.iter(qn("w:r"))]
    return bool(languages) and all(
        lang is not None and not (lang.get(qn("w:val")) or "").startswith("ar")
        for lang in languages
    )


def _bidi(paragraph: Paragraph) -> None:
    properties = paragraph._p.get_or_add_pPr()
    if properties.find(qn("w:bidi")) is None:
        bidi = OxmlElement("w:bidi")
        # The schema wants <w:bidi/> after the style and the other early properties.
        style = properties.find(qn("w:pStyle"))
        if style is not None:
            style.addnext(bidi)
        else:
            properties.insert(0, bidi)


def _right_to_left_columns(table: BaseOxmlElement) -> None:
    # pandoc marks the cells' paragraphs right-to-left but not the table: without
    # <w:bidiVisual/> an Arabic table's first column would stand on the left.
    if table.find(qn("w:bidiVisual")) is None:
        visual = OxmlElement("w:bidiVisual")
        style = table.find(qn("w:tblStyle"))
        if style is not None:
            style.addnext(visual)
        else:
            table.insert(0, visual)


def _properties(document: DocxDocument, edition: Edition, labels: Labels) -> None:
    stamp = datetime.datetime(edition.date.year, edition.date.month, edition.date.day)
    core = document.core_properties
    core.title = edition.paper_title
    core.subject = edition.symbol
    core.language = labels.pandoc_lang
    core.created = stamp
    core.modified = stamp
    core.last_modified_by = ""
    core.author = ""
    core.revision = 1


def _drop_custom_properties(document: DocxDocument) -> None:
    # pandoc copies its metadata there, the bibliography's path on this machine among
    # it: a file must not depend on where it was made. Nothing of ours is kept there.
    rels = document.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.CUSTOM_PROPERTIES]:
        del rels[rid]
