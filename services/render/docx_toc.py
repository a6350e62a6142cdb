"""The table of contents of a DOCX, filled in.

pandoc writes Word's TOC field empty, for Word to fill when the file is opened: previews,
LibreOffice and mail clients show "Contents" and nothing under it. Here the field gets
its entries (each a link to its heading's bookmark), so every reader sees them; the field
stays, marked for updating, so that Word adds the page numbers when it opens the file.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEVELS = {"Heading1": "TOC1", "Heading2": "TOC2"}  # the field's \o "1-2"


def _entries(body: BaseOxmlElement) -> list[tuple[str, str, str]]:
    """(TOC style, bookmark, text) of every heading the contents list, in order."""
    found = []
    last_bookmark: str | None = None
    for element in body:
        if element.tag == f"{W}bookmarkStart":
            last_bookmark = element.get(qn("w:name"))
            continue
        if element.tag != f"{W}p":
            continue
        style = element.find(f"{W}pPr/{W}pStyle")
        level = _LEVELS.get(style.get(qn("w:val")) if style is not None else "")
        if level is not None:
            inner = element.find(f"{W}bookmarkStart")
            bookmark = inner.get(qn("w:name")) if inner is not None else last_bookmark
            text = "".join(t.text or "" for t in element.iter(f"{W}t"))
            if bookmark:
                found.append((level, bookmark, text))
        last_bookmark = None
    return found


def _char(kind: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")
    run.append(char)
    return run


def fill_contents(document: DocxDocument) -> list[BaseOxmlElement]:
    """Write the entries into the (first) TOC field of the document, if it has one;
    the entries' paragraphs."""
    body = document.element.body
    field = None
    for paragraph in body.iter(f"{W}p"):
        code = paragraph.find(f"{W}r/{W}instrText")
        if code is not None and (code.text or "").strip().startswith("TOC"):
            field = paragraph
            break
    if field is None:
        return []
    entries = _entries(body)
    if not entries:
        return []
    instruction = OxmlElement("w:r")
    code = OxmlElement("w:instrText")
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    code.text = field.find(f"{W}r/{W}instrText").text
    instruction.append(code)
    paragraphs = []
    for index, (level, bookmark, text) in enumerate(entries):
        paragraph = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), level)
        properties.append(style)
        paragraph.append(properties)
        if index == 0:
            # The field begins in the first entry's paragraph and ends in the last's.
            paragraph.append(_char("begin"))
            paragraph.append(instruction)
            paragraph.append(_char("separate"))
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark)
        link.set(qn("w:history"), "1")
        run = OxmlElement("w:r")
        words = OxmlElement("w:t")
        words.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        words.text = text
        run.append(words)
        link.append(run)
        paragraph.append(link)
        paragraphs.append(paragraph)
    paragraphs[-1].append(_char("end"))
    for paragraph in paragraphs:
        field.addprevious(paragraph)
    field.getparent().remove(field)
    return paragraphs
