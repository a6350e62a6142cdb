"""A redline as a Word file: the edition rendered as any other (cover, contents, house
style), its tracked-change spans written by pandoc as `w:ins` and `w:del`.

pandoc numbers revisions per paragraph, so two of them can share an id; Word wants each
unique, so they are numbered again over the document and its notes, above every other
id the file uses. The package is then written back entry by entry as it was (same
order, times and compression), so that equal editions give equal bytes.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree  # type: ignore[import-untyped]

from drafts.redline import SPACE
from workflows.editions import input_hash
from workflows.ports import ArtifactFiles, Renderer
from workflows.rendering import Edition

_REVISION_ID = re.compile(rb'(<w:(?:ins|del)\b[^>]*?\bw:id=")(\d+)(")')
_ANY_ID = re.compile(rb'\bw:id="(\d+)"')
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")


def redline_path(digest: str) -> str:
    return f"redlines/{digest[:2]}/{digest}.docx"


def redline_digest(edition: Edition) -> str:
    """What names a redline's file: everything its render depends on."""
    return input_hash(edition, "redline.docx")


def cached_redline(renderer: Renderer, files: ArtifactFiles, edition: Edition) -> bytes:
    """The redline's file, rendered once per content and kept like an artifact (equal
    editions give equal bytes, so whoever asks next reads the file made first)."""
    path = redline_path(redline_digest(edition))
    if files.exists(path):
        return files.read(path)
    data = render_redline(renderer, edition)
    files.write(path, data)
    return data


def render_redline(renderer: Renderer, edition: Edition) -> bytes:
    """The edition as a DOCX whose changes are Word tracked changes with unique ids."""
    return unique_revision_ids(renderer.render(edition, "docx"))


def _paragraph_marks(xml: bytes) -> bytes:
    """A paragraph whose every word is deleted (or inserted) has its paragraph mark
    deleted (or inserted) too, so that accepting (or rejecting) leaves no empty line."""
    root = etree.fromstring(xml)
    changed = False
    for paragraph in root.iter(_W + "p"):
        texts = [t for t in paragraph.iter(_W + "t", _W + "delText") if t.text]
        for kind in ("del", "ins"):
            marks = [m for m in paragraph.iter(_W + kind)]
            if not texts or not marks:
                continue
            if all(any(a.tag == _W + kind for a in t.iterancestors()) for t in texts):
                properties = paragraph.find(_W + "pPr")
                if properties is None:
                    properties = etree.SubElement(paragraph, _W + "pPr")
                    paragraph.insert(0, properties)
                run = properties.find(_W + "rPr")
                if run is None:
                    run = etree.SubElement(properties, _W + "rPr")
                mark = etree.SubElement(run, _W + kind)
                for attribute in ("id", "author", "date"):
                    if (value := marks[0].get(_W + attribute)) is not None:
                        mark.set(_W + attribute, value)
                changed = True
    if not changed:
        return xml
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def unique_revision_ids(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        parts = {info.filename: archive.read(info) for info in infos}
    highest = max(
        (
            int(m.group(1))
            for name in _PARTS
            if name in parts
            for m in _ANY_ID.finditer(parts[name])
        ),
        default=0,
    )
    counter = iter(range(highest + 1, 2**31))

    def renumber(match: re.Match[bytes]) -> bytes:
        return match.group(1) + str(next(counter)).encode() + match.group(3)

    for name in _PARTS:
        if name in parts:
            spaced = _paragraph_marks(parts[name].replace(SPACE.encode(), b" "))
            parts[name] = _REVISION_ID.sub(renumber, spaced)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in infos:
            archive.writestr(info, parts[info.filename])
    return out.getvalue()
