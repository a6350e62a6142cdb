"""Each section's DOCX content made once and kept, to be joined into the file.

pandoc's DOCX writer over the whole paper took most of a DOCX republish (measured: 0.25 s
of 0.4 s of processor time on the 100-section benchmark paper). Here a batch of
sections is written by pandoc, and its DOCX is cut into one piece per section: the
section's blocks (from its heading's bookmark to the next section's), its footnotes,
the list numbering its lists use and its links, laid out once
(`docx_layout.lay_out_blocks`) and kept as XML.

What is numbered through the whole document is numbered inside a piece from 1, so that a
piece is the same whichever batch it was made in, and renumbered when the pieces are
joined (`docx_join.py`): footnote ids, bookmark (and revision) ids, list numbering ids,
link relationship ids, and the numerals of table labels (a piece holds its labels with
`TABLE_NUMERAL` in place of the number). List definitions (abstractNum) are pandoc's
own, named by the list's style: equal names are equal definitions, kept once.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterator, Sequence

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree  # type: ignore[import-untyped]

from services.render.assemble import SECTION_CLASS
from services.render.docx_layout import lay_out_blocks, lay_out_notes
from services.render.docx_tables import CJK
from services.render.labels import Labels
from services.render.segments import Unsplittable

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = f"{{{W_NS}}}"
R = f"{{{R_NS}}}"
_NS = {"w": W_NS, "r": R_NS}
ID = f"{W}id"
VAL = f"{W}val"
_NOTE_TAGS = (f"{W}footnoteReference", f"{W}footnote")
_PLACEHOLDER_TABLE = "\ue000T\ue000"
# Stands for a table label's numeral in a piece until the pieces are joined; a private
# use character: no letter, so the layout treats it as it treats the digits it becomes.
TABLE_NUMERAL = "\ue001"
_SECTION_ID = re.compile(r"\{#(\S+) \." + re.escape(SECTION_CLASS) + r"\}\s*$")
_WITH_ID = etree.XPath(".//*[@w:id]", namespaces=_NS)
_WITH_RELATIONSHIP = etree.XPath(".//*[@r:*]", namespaces=_NS)
NOTES_AND_REFERENCES = etree.XPath(".//w:footnoteReference | .//w:footnote", namespaces=_NS)
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def make_pieces(data: bytes, chunks: Sequence[str], labels: Labels) -> list[str]:
    """pandoc's DOCX of the chunks' sections, as one laid-out piece per section."""
    ids = [_section_id(chunk) for chunk in chunks]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())

        def read(name: str) -> bytes | None:
            return package.read(name) if name in names else None

        document = parse_xml(package.read("word/document.xml"))
        notes = _parsed(read("word/footnotes.xml"))
        numbering = _parsed(read("word/numbering.xml"))
        comments = _parsed(read("word/comments.xml"))
        links = _links(read("word/_rels/document.xml.rels"))
        note_links = _links(read("word/_rels/footnotes.xml.rels"))
    if comments is not None and comments.find(f"{W}comment") is not None:
        raise Unsplittable("the sections hold comments")
    blocks = [b for b in document.find(f"{W}body") if b.tag != f"{W}sectPr"]
    cuts: list[int] = []
    for index in range(len(blocks)):
        if len(cuts) < len(ids) and _starts_section(blocks, index, ids[len(cuts)]):
            cuts.append(index)
    if len(cuts) != len(ids) or (cuts and cuts[0] != 0) or (blocks and not cuts):
        raise Unsplittable(f"{len(cuts)} section bookmarks for {len(ids)} sections")
    footnotes = {} if notes is None else {n.get(ID): n for n in notes.findall(f"{W}footnote")}
    lists = _Lists(numbering)
    ends = [*cuts[1:], len(blocks)]
    return [
        _piece(blocks[start:end], footnotes, lists, links, note_links, labels)
        for start, end in zip(cuts, ends, strict=True)
    ]


def _section_id(chunk: str) -> str:
    match = _SECTION_ID.search(chunk.split("\n", 1)[0])
    if match is None:
        raise Unsplittable("a section without its heading")
    return match.group(1)


def _starts_section(blocks: Sequence[BaseOxmlElement], index: int, name: str) -> bool:
    block = blocks[index]
    if block.tag != f"{W}bookmarkStart" or block.get(f"{W}name") != name:
        return False
    heading = blocks[index + 1] if index + 1 < len(blocks) else None
    style = None if heading is None else heading.find(f"{W}pPr/{W}pStyle")
    return style is not None and style.get(VAL) == "Heading1"


def _parsed(data: bytes | None) -> BaseOxmlElement | None:
    return None if data is None else parse_xml(data)


def _links(data: bytes | None) -> dict[str, str]:
    """Relationship id to target, of the external hyperlinks a part's rels name."""
    if data is None:
        return {}
    found = {}
    for rel in etree.fromstring(data).iter(_PACKAGE_RELS):
        if rel.get("Type") == RT.HYPERLINK and rel.get("TargetMode") == "External":
            found[rel.get("Id")] = rel.get("Target")
    return found


class _Lists:
    """The numbering part of a batch: its list instances and their definitions."""

    def __init__(self, numbering: BaseOxmlElement | None) -> None:
        self.nums: dict[str, BaseOxmlElement] = {}
        self.abstracts: dict[str, BaseOxmlElement] = {}
        if numbering is not None:
            for num in numbering.findall(f"{W}num"):
                self.nums[num.get(f"{W}numId")] = num
            for abstract in numbering.findall(f"{W}abstractNum"):
                self.abstracts[abstract.get(f"{W}abstractNumId")] = abstract


def _piece(
    blocks: Sequence[BaseOxmlElement],
    footnotes: dict[str, BaseOxmlElement],
    lists: _Lists,
    links: dict[str, str],
    note_links: dict[str, str],
    labels: Labels,
) -> str:
    root = etree.Element("piece")
    body = etree.SubElement(root, f"{W}body", nsmap={"w": W_NS, "r": R_NS})
    body.extend(blocks)
    notes = etree.SubElement(root, f"{W}footnotes", nsmap={"w": W_NS, "r": R_NS})
    for number, reference in enumerate(body.iter(f"{W}footnoteReference"), start=1):
        note = footnotes.get(reference.get(ID))
        if note is None or note.getparent() is notes:
            raise Unsplittable("a footnote reference without its own footnote")
        reference.set(ID, str(number))
        note.set(ID, str(number))
        notes.append(note)
    _table_placeholders(body, notes, labels)
    lay_out_blocks(list(body), labels)
    lay_out_notes(list(notes), labels)
    _number_marks(root)
    root.append(_numbering(root, lists))
    targets = etree.SubElement(root, "links")
    for part, known in ((body, links), (notes, note_links)):
        for element, attribute in relationship_uses(part):
            target = known.get(element.get(attribute))
            if target is None:
                raise Unsplittable("a relationship other than an external link")
            link = etree.SubElement(targets, "link", id=f"rId{len(targets) + 1}", target=target)
            element.set(attribute, link.get("id"))
    return str(etree.tostring(root, encoding="unicode"))


def _table_placeholders(body: BaseOxmlElement, notes: BaseOxmlElement, labels: Labels) -> None:
    # The label's word is set now, so that the layout sees the label's script; only its
    # numeral waits for the join.
    label = labels.table_label(TABLE_NUMERAL)
    for element in body.iter(f"{W}t"):
        if element.text and _PLACEHOLDER_TABLE in element.text:
            element.text = element.text.replace(_PLACEHOLDER_TABLE, label)
            if CJK.search(label):
                _east_asian(element.getparent())
    for caption in body.iter(f"{W}tblCaption"):
        caption.set(VAL, caption.get(VAL, "").replace(_PLACEHOLDER_TABLE, label))
    if any("\ue000" in (t.text or "") for t in body.iter(f"{W}t")):
        raise Unsplittable("a figure's label")
    note_texts = [t.text or "" for t in notes.iter(f"{W}t")]
    if any("\ue000" in text or TABLE_NUMERAL in text for text in note_texts):
        raise Unsplittable("a table inside a footnote")


def _east_asian(run: BaseOxmlElement) -> None:
    # What pandoc marks on a run of Chinese text it writes, so that Word picks the run's
    # East Asian font for its punctuation too.
    properties = run.find(f"{W}rPr")
    if properties is None:
        properties = OxmlElement("w:rPr")
        run.insert(0, properties)
    if properties.find(f"{W}rFonts") is None:
        fonts = OxmlElement("w:rFonts")
        fonts.set(qn("w:hint"), "eastAsia")
        properties.insert(0, fonts)


def marks(root: BaseOxmlElement) -> Iterator[BaseOxmlElement]:
    """Elements numbered in the document's one series of bookmark and revision ids."""
    for element in _WITH_ID(root):
        if element.tag not in _NOTE_TAGS:
            yield element


def _number_marks(root: BaseOxmlElement) -> None:
    numbers: dict[str, str] = {}
    for element in marks(root):
        old = element.get(ID)
        element.set(ID, numbers.setdefault(old, str(len(numbers) + 1)))


def _numbering(root: BaseOxmlElement, lists: _Lists) -> BaseOxmlElement:
    """The piece's list instances, numbered from 1, and the definitions they use."""
    numbering: BaseOxmlElement = etree.Element(f"{W}numbering", nsmap={"w": W_NS})
    numbers: dict[str, str] = {}
    for element in root.iter(f"{W}numId"):
        old = element.get(VAL)
        if old not in numbers:
            if old not in lists.nums:
                raise Unsplittable("a list without its numbering")
            numbers[old] = str(len(numbers) + 1)
        element.set(VAL, numbers[old])
    used: list[str] = []
    instances = []
    for old, new in numbers.items():
        num = copy.deepcopy(lists.nums[old])
        num.set(f"{W}numId", new)
        abstract = num.find(f"{W}abstractNumId").get(VAL)
        if abstract not in lists.abstracts:
            raise Unsplittable("a list without its definition")
        if abstract not in used:
            used.append(abstract)
        instances.append(num)
    numbering.extend(copy.deepcopy(lists.abstracts[a]) for a in used)
    numbering.extend(instances)
    return numbering


def relationship_uses(root: BaseOxmlElement) -> Iterator[tuple[BaseOxmlElement, str]]:
    for element in _WITH_RELATIONSHIP(root):
        for attribute in element.attrib:
            if attribute.startswith(R):
                yield element, attribute
