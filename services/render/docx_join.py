"""Section pieces joined into a DOCX, numbered through the whole document.

A piece (`docx_pieces.py`) numbers its footnotes, bookmarks, lists and links from 1 and
holds its table labels' numerals as `TABLE_NUMERAL`: here each is given the next number
of the document's own series, and the piece's XML moves into the document's parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from services.render.docx_layout import Footnotes
from services.render.docx_pieces import (
    ID,
    NOTES_AND_REFERENCES,
    TABLE_NUMERAL,
    VAL,
    W,
    marks,
    relationship_uses,
)
from services.render.segments import Unsplittable


def join(document: DocxDocument, pieces: Sequence[str]) -> None:
    """The pieces, in order, at the end of the document's body (before its page
    settings), their notes, lists and links with it, numbered through the document."""
    body = document.element.body
    end = body.find(f"{W}sectPr")
    notes = Footnotes(document)
    if notes.element is None or notes.part is None:
        raise Unsplittable("the document has no footnotes part")
    numbering = document.part.numbering_part.element
    next_note = 1 + max((int(n.get(ID)) for n in notes.element), default=0)
    next_mark = 1 + max((int(e.get(ID)) for e in marks(body)), default=0)
    nums = numbering.findall(f"{W}num")
    next_num = 1 + max((int(n.get(f"{W}numId")) for n in nums), default=0)
    first_num = nums[0] if nums else None
    abstracts = {a.get(f"{W}abstractNumId") for a in numbering.findall(f"{W}abstractNum")}
    tables = 0
    for text in pieces:
        piece = parse_xml(text)
        piece_body, piece_notes, piece_numbering, piece_links = piece
        for element in NOTES_AND_REFERENCES(piece):
            element.set(ID, str(int(element.get(ID)) + next_note - 1))
        next_note += len(piece_notes)
        last_mark = 0
        for element in marks(piece):
            number = int(element.get(ID))
            last_mark = max(last_mark, number)
            element.set(ID, str(number + next_mark - 1))
        next_mark += last_mark
        num_offset = next_num - 1
        for element in chain(piece_body.iter(f"{W}numId"), piece_notes.iter(f"{W}numId")):
            element.set(VAL, str(int(element.get(VAL)) + num_offset))
        for abstract in piece_numbering.findall(f"{W}abstractNum"):
            if abstract.get(f"{W}abstractNumId") not in abstracts:
                abstracts.add(abstract.get(f"{W}abstractNumId"))
                if first_num is not None:
                    first_num.addprevious(abstract)
                else:
                    numbering.append(abstract)
        for num in piece_numbering.findall(f"{W}num"):
            num.set(f"{W}numId", str(int(num.get(f"{W}numId")) + num_offset))
            numbering.append(num)
            next_num += 1
        targets = {link.get("id"): link.get("target") for link in piece_links}
        for part, root in ((document.part, piece_body), (notes.part, piece_notes)):
            for element, attribute in relationship_uses(root):
                target = targets[element.get(attribute)]
                element.set(attribute, part.relate_to(target, RT.HYPERLINK, is_external=True))
        for element in piece_body.iter(f"{W}t", f"{W}tblCaption"):
            if element.tag == f"{W}t":
                if element.text and TABLE_NUMERAL in element.text:
                    tables += 1
                    element.text = element.text.replace(TABLE_NUMERAL, str(tables))
            elif TABLE_NUMERAL in element.get(VAL, ""):
                element.set(VAL, element.get(VAL).replace(TABLE_NUMERAL, str(tables)))
        for block in list(piece_body):
            end.addprevious(block)
        notes.element.extend(list(piece_notes))
    notes.save()
