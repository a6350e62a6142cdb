"""Reading a Word file that passed the guard: its text through pandoc (sandboxed, with a
memory ceiling and a time limit), its review marks and images from the package.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import zipfile
import zlib
from collections import Counter
from pathlib import Path
from typing import Literal
from xml.etree.ElementTree import ParseError

from drafts.word import UnsupportedDocument
from services.render.pandoc import pandoc_binary
from services.word.guard import Package
from services.word.marks import read_marks
from services.word.wordml import parse_xml, q
from workflows.word_files import Dropped, ReviewCopyFile, WordFile, WordImage

FILTER = Path(__file__).with_name("word_in.lua")
# What reading a part that passed the guard can still meet: a media entry's data that does
# not inflate, or a part the guard streamed but that is no XML in the end.
DAMAGED = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ParseError, KeyError)
# Accord's Markdown: pipe tables, no raw HTML or attributes (the renderer reads neither),
# one line per paragraph so that diffs and merges work paragraph by paragraph.
WRITER = (
    "markdown-raw_html-raw_attribute-native_divs-native_spans-bracketed_spans"
    "-link_attributes-header_attributes-simple_tables-multiline_tables-fenced_divs"
    "-inline_code_attributes-fenced_code_attributes"
)
# pandoc's heap is capped: a document that needs more is refused, never the machine.
RUNTIME = ("+RTS", "-M600m", "-RTS")
TIMEOUT_SECONDS = 60
_IMAGE_REF = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def read_section_file(package: Package, changes: Literal["accept", "reject"]) -> WordFile:
    """The file's text in Accord's Markdown with tracked changes accepted or rejected,
    its comments and changes, its images and what could not be kept."""
    markdown = _pandoc(package.data, changes)
    try:
        with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
            marks = read_marks(archive, package.main, by_section=False)
            dropped = list(_dropped(archive, package))
            images, lost = _images(archive, package, markdown)
    except DAMAGED:
        raise UnsupportedDocument("the Word file is damaged (a part cannot be read)") from None
    if lost:
        dropped.append(
            Dropped(
                "image",
                lost,
                "images in a format Accord cannot print (PNG, JPEG, GIF) were left out",
            )
        )
    return WordFile(
        markdown=markdown,
        comments=marks.comments,
        changes=marks.changes,
        images=images,
        dropped=tuple(dropped),
        sha256=hashlib.sha256(package.data).hexdigest(),
    )


def read_review_copy(package: Package) -> ReviewCopyFile:
    """The comments and tracked changes of a review copy, by the section they stand in."""
    try:
        with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
            marks = read_marks(archive, package.main, by_section=True)
    except DAMAGED:
        raise UnsupportedDocument("the Word file is damaged (a part cannot be read)") from None
    return ReviewCopyFile(
        comments=marks.comments,
        changes=marks.changes,
        sections=marks.sections,
        sha256=hashlib.sha256(package.data).hexdigest(),
    )


def _pandoc(data: bytes, changes: str) -> str:
    args = [
        pandoc_binary(),
        *RUNTIME,
        "--sandbox",
        "--from=docx",
        f"--track-changes={changes}",
        f"--lua-filter={FILTER}",
        f"--to={WRITER}",
        "--wrap=none",
        "--output=-",
    ]
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}
    try:
        done = subprocess.run(
            args, input=data, capture_output=True, env=env, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise UnsupportedDocument(
            f"the Word file took longer than {TIMEOUT_SECONDS} s to read"
        ) from None
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.decode(errors="replace").splitlines() if ln.strip()]
        reason = (lines or ["no message"])[-1][:200]
        raise UnsupportedDocument(f"the Word file could not be read: {reason}")
    return done.stdout.decode("utf-8", errors="replace").replace("\r\n", "\n").strip() + "\n"


def _images(
    archive: zipfile.ZipFile, package: Package, markdown: str
) -> tuple[tuple[WordImage, ...], int]:
    """The images the Markdown shows, read from the package (pandoc names them by their
    place in it, "media/image1.png"); how many are of a format Accord cannot print."""
    folder = package.main.rsplit("/", 1)[0]
    found: list[WordImage] = []
    lost = 0
    for target in dict.fromkeys(m.group(2) for m in _IMAGE_REF.finditer(markdown)):
        name = f"{folder}/{target}"
        if name not in package.parts:
            continue
        found.append(WordImage(target, archive.read(name)))
    # What pandoc could not show as an image (EMF, WMF, TIFF drawings) is not in the
    # Markdown; what it shows but Accord cannot print is told by the workflow.
    media = [n for n in package.parts if n.startswith(f"{folder}/media/")]
    shown = {f"{folder}/{i.target}" for i in found}
    lost = sum(1 for n in media if n not in shown and n.lower().endswith((".emf", ".wmf")))
    return tuple(found), lost


_UNSUPPORTED = {
    "text-box": (q("w:txbxContent"), "text boxes were left out (their text is not in the section)"),
    "embedded-object": (q("w:object"), "embedded objects (spreadsheets, OLE) were left out"),
    "field": (
        q("w:fldSimple"),
        "fields (dates, page numbers, cross-references) are not kept as fields; the text "
        "they showed is kept only where pandoc reads it (check dates and references)",
    ),
    "content-control": (q("w:sdt"), "content controls were replaced by their text"),
}
_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_DIAGRAM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"


def _dropped(archive: zipfile.ZipFile, package: Package) -> list[Dropped]:
    root = parse_xml(archive.read(package.main))
    counts: Counter[str] = Counter()
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        for kind, (wanted, _detail) in _UNSUPPORTED.items():
            if tag == wanted:
                counts[kind] += 1
        if tag == q("w:fldChar") and element.get(q("w:fldCharType")) == "begin":
            counts["field"] += 1
        if tag == "{http://schemas.openxmlformats.org/drawingml/2006/main}graphicData":
            uri = element.get("uri", "")
            if uri == _CHART:
                counts["chart"] += 1
            elif uri == _DIAGRAM:
                counts["diagram"] += 1
    # A text box is written twice (Word's form and a fallback for older readers).
    if counts["text-box"]:
        fallback = sum(
            1
            for e in root.iter(
                "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
            )
            if any(x.tag == q("w:txbxContent") for x in e.iter())
        )
        counts["text-box"] -= fallback
    out = [
        Dropped(kind, counts[kind], detail)
        for kind, (_tag, detail) in _UNSUPPORTED.items()
        if counts[kind] > 0
    ]
    if counts["chart"]:
        out.append(Dropped("chart", counts["chart"], "charts were left out"))
    if counts["diagram"]:
        out.append(Dropped("diagram", counts["diagram"], "SmartArt diagrams were left out"))
    headers = [
        n
        for n in package.parts
        if re.fullmatch(r"word/(header|footer)\d*\.xml", n) and _has_text(archive, n)
    ]
    if headers:
        out.append(Dropped("header-footer", len(headers), "page headers and footers were left out"))
    return out


def _has_text(archive: zipfile.ZipFile, name: str) -> bool:
    return any((t.text or "").strip() for t in parse_xml(archive.read(name)).iter(q("w:t")))
