"""The checks a DOCX upload passes before pandoc or python-docx read a byte of it.

A DOCX is a zip of XML parts, and both halves can be made hostile: a zip can inflate a
few hundred kilobytes into gigabytes (python-docx took 626 MB on a 342 KB file before
failing), name entries outside itself (`../`), or hide macros; an XML part can declare
entities that expand without end or read the machine's files. So the package is
checked from its central directory first (cheap: names, declared sizes, flags), then
every XML part is streamed through a parser that refuses any document type declaration,
a chunk at a time, so that memory stays flat whatever the file claims.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError, fromstring

from drafts.errors import TooLarge
from drafts.word import UnsafeDocument, UnsupportedDocument

MAIN_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    }
)
MACRO_TYPES = frozenset(
    {
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
        "application/vnd.ms-office.vbaProject",
        "application/vnd.ms-word.vbaData+xml",
        "application/vnd.ms-office.activeX+xml",
        "application/vnd.ms-office.activeX",
    }
)
# The only relationship allowed to point outside the package: a link's web address,
# which pandoc reads as the link's target. A remote template, image, frame or object
# would make Word (and only Word) fetch it when a reader opens the file.
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 64 * 1024
_SMALL_PART = 2 * 1024 * 1024  # package bookkeeping ([Content_Types].xml, .rels) is small


@dataclass(frozen=True)
class Limits:
    """What an upload may be; each number is a ceiling checked before anything parses."""

    max_bytes: int = 10 * 1024 * 1024
    max_entries: int = 1000
    max_inflated_bytes: int = 100 * 1024 * 1024
    # Text compresses well (5-20×); more than this is a bomb, not a document.
    max_ratio: int = 100
    # The main part is read whole (by pandoc and for the review marks): a section's text
    # of 2 MB is a few times that in Word's XML, far below this.
    max_document_bytes: int = 32 * 1024 * 1024


@dataclass(frozen=True)
class Package:
    """A package that passed: its parts by name, still compressed, and their types."""

    data: bytes
    parts: frozenset[str]
    content_types: dict[str, str]
    main: str  # the main document part, "word/document.xml" as every program names it


def check_docx(data: bytes, limits: Limits) -> Package:
    """The package, or UnsupportedDocument / UnsafeDocument / TooLarge saying why not."""
    if len(data) > limits.max_bytes:
        raise TooLarge(
            f"the Word file has {len(data):,} bytes; at most {limits.max_bytes:,} are accepted"
        )
    if data.startswith(_OLE2):
        raise UnsupportedDocument(
            "the file is a legacy Word (.doc) or password-protected document: save it "
            "as a Word Document (.docx) without a password"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise UnsupportedDocument("the file is not a Word document (.docx): not a zip") from None
    with archive:
        _check_entries(infos, len(data), limits)
        names = frozenset(info.filename for info in infos)
        if "[Content_Types].xml" not in names:
            raise UnsupportedDocument("the zip is not a Word document: no [Content_Types].xml")
        # The small bookkeeping parts first (parsed defused, size-capped), then every XML
        # part streamed: a refusal costs the least it can.
        types = _content_types(archive, names)
        _check_relationships(archive, names)
        for info in infos:
            if _is_xml(info.filename):
                with archive.open(info) as stream:
                    _check_xml(stream, info.filename)
    main = next(n for n, t in types.items() if t in MAIN_TYPES)
    if archive.getinfo(main).file_size > limits.max_document_bytes:
        raise TooLarge(
            f"the document's text part inflates past {limits.max_document_bytes:,} bytes: "
            "more than one section's text"
        )
    return Package(data, names, types, main)


def _check_entries(infos: list[zipfile.ZipInfo], size: int, limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise TooLarge(f"the file has {len(infos)} parts; a Word document has far fewer")
    seen: set[str] = set()
    inflated = 0
    for info in infos:
        name = info.filename
        if name in seen:
            raise UnsafeDocument(f"the file has two parts named {name[:100]!r}")
        seen.add(name)
        parts = name.replace("\\", "/").split("/")
        if name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0]:
            raise UnsafeDocument(f"the part {name[:100]!r} points outside the document")
        if info.flag_bits & 0x1:
            raise UnsupportedDocument("the file is encrypted: save it without a password")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsupportedDocument(f"the part {name[:100]!r} uses an unknown compression")
        # Declared sizes bound what is inflated: zipfile never reads past them.
        inflated += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise TooLarge(
                f"the part {name[:100]!r} inflates {info.file_size // max(info.compress_size, 1)}"
                f" times; at most {limits.max_ratio} is accepted"
            )
    if inflated > limits.max_inflated_bytes:
        raise TooLarge(
            f"the file inflates to {inflated:,} bytes; at most {limits.max_inflated_bytes:,}"
        )
    if inflated > 1024 * 1024 and inflated > limits.max_ratio * size:
        raise TooLarge(f"the file inflates {inflated // size} times; at most {limits.max_ratio}")


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels")) or name == "[Content_Types].xml"


class _Discard:
    """A parser target that keeps nothing: the parse is only a check."""

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        return None

    def end(self, tag: str) -> None:
        return None

    def data(self, text: str) -> None:
        return None

    def close(self) -> None:
        return None


def _check_xml(stream: IO[bytes], name: str) -> None:
    """Stream the part through expat refusing any DTD (entities, external ones, billion
    laughs): OOXML never has one, so none is taken."""
    parser = DefusedXMLParser(target=_Discard(), forbid_dtd=True)
    try:
        while chunk := stream.read(_CHUNK):
            parser.feed(chunk)
        parser.close()
    except DefusedXmlException:
        raise UnsafeDocument(
            f"the part {name[:100]!r} declares XML entities or a document type; "
            "a Word document has none"
        ) from None
    except (ParseError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise UnsupportedDocument(f"the part {name[:100]!r} is damaged") from None


def _small_xml(archive: zipfile.ZipFile, name: str) -> Element:
    info = archive.getinfo(name)
    if info.file_size > _SMALL_PART:
        raise TooLarge(f"the part {name[:100]!r} is too large for what it holds")
    try:
        return fromstring(archive.read(info), forbid_dtd=True)
    except DefusedXmlException:
        raise UnsafeDocument(f"the part {name[:100]!r} declares XML entities") from None
    except (ParseError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise UnsupportedDocument(f"the part {name[:100]!r} is damaged") from None


def _content_types(archive: zipfile.ZipFile, names: frozenset[str]) -> dict[str, str]:
    root = _small_xml(archive, "[Content_Types].xml")
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType", "") for d in root.iter(_CT + "Default")
    }
    overrides = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
        for o in root.iter(_CT + "Override")
    }
    types = {}
    for name in names:
        extension = posixpath.splitext(name)[1].lstrip(".").lower()
        types[name] = overrides.get(name) or defaults.get(extension, "")
    declared = set(types.values()) | set(overrides.values())
    if declared & MACRO_TYPES or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UnsupportedDocument(
            "the document holds macros or ActiveX controls (.docm): save it as a Word "
            "Document (.docx)"
        )
    main = [n for n, t in types.items() if t in MAIN_TYPES]
    if len(main) != 1:
        raise UnsupportedDocument("the zip is not a Word document: it has no main document part")
    return types


def _check_relationships(archive: zipfile.ZipFile, names: frozenset[str]) -> None:
    for name in sorted(n for n in names if n.endswith(".rels")):
        for rel in _small_xml(archive, name).iter(_REL + "Relationship"):
            if rel.get("TargetMode", "").lower() == "external" and rel.get("Type") != HYPERLINK:
                kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
                raise UnsafeDocument(
                    f"the document points at an outside {kind or 'resource'} "
                    f"({(rel.get('Target') or '')[:100]!r}): Accord takes only what the file "
                    "holds; embed it or remove the link"
                )
