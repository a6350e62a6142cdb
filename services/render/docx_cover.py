"""What python-docx adds to pandoc's DOCX: masthead, running heads, the properties.

The masthead is the one `masthead.py` decides, laid out as UN documents lay it out: the
words "United Nations" and the principal organ at the start of the first line, the
symbol at its end, a rule under it; the distribution, date and language lines at the end
of the line; then the forum line and the title. Pages after the first carry the symbol
in their header; every page its number, and in a draft the draft mark.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from services.render.determinism import normalize_zip
from services.render.docx_join import join
from services.render.docx_layout import lay_out, lay_out_blocks
from services.render.docx_toc import fill_contents
from services.render.labels import Labels
from services.render.masthead import Masthead, masthead
from services.render.reference import complex_script
from workflows.rendering import Edition

# A4 with 25 mm margins: 160 mm of text.
_TEXT_WIDTH = Mm(160)


def finish_docx(data: bytes, edition: Edition, labels: Labels) -> bytes:
    """pandoc's DOCX with the masthead, running heads, the house layout and fixed
    properties, as stable bytes: the same edition always gives the same file."""
    document = Document(io.BytesIO(data))
    head = masthead(edition, labels)
    _cover(document, head, labels)
    _running_heads(document, head, labels, draft=edition.kind == "draft")
    fill_contents(document)
    lay_out(document, labels)
    _properties(document, edition, labels)
    return _saved(document, edition)


def finish_pieces(shell: bytes, pieces: Sequence[str], edition: Edition, labels: Labels) -> bytes:
    """The file from pandoc's DOCX of the title alone (the shell) and the sections'
    pieces, already laid out: only the shell and the contents are laid out here."""
    document = Document(io.BytesIO(shell))
    head = masthead(edition, labels)
    _cover(document, head, labels)
    _running_heads(document, head, labels, draft=edition.kind == "draft")
    lay_out(document, labels)
    join(document, pieces)
    lay_out_blocks(fill_contents(document), labels)
    _properties(document, edition, labels)
    return _saved(document, edition)


def _saved(document: DocxDocument, edition: Edition) -> bytes:
    _drop_custom_properties(document)
    out = io.BytesIO()
    document.save(out)
    return normalize_zip(out.getvalue(), edition.date)


def _run(paragraph: Paragraph, text: str, *, size: float, bold: bool = False) -> Run:
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    # The complex-script twins, or an Arabic run loses its weight and size in Word.
    complex_script(run._r.get_or_add_rPr(), bold=bold, half_points=int(size * 2))
    return run


def _no_hyphens(paragraph: Paragraph) -> None:
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:suppressAutoHyphens"))


def _rule_below(paragraph: Paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _cover(document: DocxDocument, head: Masthead, labels: Labels) -> None:
    cover: list[Paragraph] = []
    # First line: "United Nations", the organ, and the symbol at the line's end (a tab
    # stop at the end of the text; Word mirrors it in a right-to-left paragraph).
    top = document.add_paragraph()
    top.paragraph_format.space_after = Pt(2)
    top.paragraph_format.tab_stops.add_tab_stop(Mm(28), WD_TAB_ALIGNMENT.LEFT)
    top.paragraph_format.tab_stops.add_tab_stop(_TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    if head.united_nations:
        _run(top, head.united_nations, size=10)
    top.add_run("\t")
    if head.organ:
        _run(top, head.organ, size=15, bold=True)
    top.add_run("\t")
    _run(top, head.symbol, size=12, bold=True)
    _rule_below(top)
    _no_hyphens(top)
    cover.append(top)
    for number, text in enumerate(head.lines):
        line = document.add_paragraph()
        # At the end of the line: on the right, or on the left in an Arabic version,
        # whose masthead lines are English and so set left to right.
        line.alignment = WD_ALIGN_PARAGRAPH.LEFT if labels.rtl else WD_ALIGN_PARAGRAPH.RIGHT
        line.paragraph_format.space_before = Pt(4 if number == 0 else 0)
        line.paragraph_format.space_after = Pt(0)
        _run(line, text, size=10)
        cover.append(line)
    forum = document.add_paragraph()
    forum.paragraph_format.space_before = Pt(18)
    forum.paragraph_format.space_after = Pt(18)
    forum.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _run(forum, head.forum, size=11, bold=True)
    _no_hyphens(forum)
    cover.append(forum)
    # Made at the end of the body, then moved to its very start: ahead of whatever
    # pandoc put first (the title, or the table of contents when there is no title).
    body = document.element.body
    for position, paragraph in enumerate(cover):
        body.insert(position, paragraph._p)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE) with the value it shows until Word computes it."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind == "instr":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _running_heads(document: DocxDocument, head: Masthead, labels: Labels, *, draft: bool) -> None:
    # As the PDF: the first page has the masthead and no header of its own; the others
    # carry the symbol at the end of the line. Every page has its number, centred, and a
    # draft the draft mark in the header.
    for section in document.sections:
        section.different_first_page_header_footer = True
        for header, symbol in ((section.first_page_header, False), (section.header, True)):
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            if draft:
                mark = paragraph
                mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _run(mark, labels.draft.upper(), size=14, bold=True)
                if symbol:
                    paragraph = header.add_paragraph()
            if symbol:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _run(paragraph, head.symbol, size=9)
        for footer in (section.first_page_footer, section.footer):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _field(paragraph, "PAGE", "1")


def _properties(document: DocxDocument, edition: Edition, labels: Labels) -> None:
    stamp = datetime.datetime(edition.date.year, edition.date.month, edition.date.day)
    core = document.core_properties
    core.title = edition.paper_title
    core.subject = edition.symbol
    core.language = labels.word_lang
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
