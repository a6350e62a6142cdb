"""The fidelity paper rendered once per test session, in six languages and two formats,
then converted by LibreOffice and drawn as page images under build/pages/.

Every fact the fidelity tests assert is read from these files: the DOCX's XML, the text
and fonts of the PDF, LibreOffice's PDF of the DOCX, and the page images people look at.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.render import PandocRenderer
from tests.fidelity.paper import LANGUAGES, fidelity_edition
from tests.servers import require_program

ROOT = Path(__file__).resolve().parents[2]
# Build output, ignored by git: people open these to look at the pages.
PAGES = ROOT / "build" / "pages"
# The house style the fidelity paper asks for: the masthead's optional elements, roman
# chapter numbers and numbered paragraphs.
HOUSE_STYLE: dict[str, object] = {
    "united_nations": True,
    "organ": "general-assembly",
    "chapter_numbering": "roman",
    "numbered_paragraphs": True,
}


@dataclass(frozen=True)
class Rendered:
    """One language's files: the DOCX, the PDF, and LibreOffice's PDF of the DOCX."""

    docx: bytes
    pdf: bytes
    docx_path: Path
    pdf_path: Path


@pytest.fixture(scope="session")
def renderer() -> PandocRenderer:
    return PandocRenderer()


@pytest.fixture(scope="session")
def fidelity_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fidelity")


@pytest.fixture(scope="session")
def rendered(renderer: PandocRenderer, fidelity_dir: Path) -> dict[str, Rendered]:
    """Each language rendered once for the whole session."""
    out = {}
    for language in LANGUAGES:
        edition = fidelity_edition(language, **HOUSE_STYLE)
        docx, pdf = renderer.render(edition, "docx"), renderer.render(edition, "pdf")
        docx_path, pdf_path = fidelity_dir / f"{language}.docx", fidelity_dir / f"{language}.pdf"
        docx_path.write_bytes(docx)
        pdf_path.write_bytes(pdf)
        out[language] = Rendered(docx, pdf, docx_path, pdf_path)
    return out


@pytest.fixture(scope="session")
def libreoffice_pdfs(rendered: dict[str, Rendered], fidelity_dir: Path) -> dict[str, Path]:
    """LibreOffice's PDF of each DOCX, made in one run of soffice for all six."""
    soffice = require_program("soffice", "LibreOffice (libreoffice-writer-nogui)")
    out_dir = fidelity_dir / "libreoffice"
    profile = fidelity_dir / "lo-profile"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *(str(r.docx_path) for r in rendered.values()),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return {language: out_dir / f"{language}.pdf" for language in rendered}


def pdf_lines(path: Path) -> list[str]:
    """poppler's text of the PDF, line by line, in reading (logical) order."""
    pdftotext = require_program("pdftotext", "poppler (poppler-utils)")
    done = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    # poppler marks right-to-left and embedded runs with bidi controls: drop them.
    text = done.stdout.decode()
    text = "".join(
        c
        for c in text
        if c not in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060"
    )
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def page_images(
    rendered: dict[str, Rendered], libreoffice_pdfs: dict[str, Path]
) -> Iterator[dict[tuple[str, str], list[Path]]]:
    """The cover and first page of each language and format as PNGs, in build/pages/."""
    pdftoppm = require_program("pdftoppm", "poppler (poppler-utils)")
    if PAGES.exists():
        shutil.rmtree(PAGES)
    PAGES.mkdir(parents=True)
    images: dict[tuple[str, str], list[Path]] = {}
    for language, files in rendered.items():
        for fmt, pdf in (("pdf", files.pdf_path), ("docx", libreoffice_pdfs[language])):
            stem = PAGES / f"{language}-{fmt}"
            subprocess.run(
                [pdftoppm, "-f", "1", "-l", "2", "-r", "60", "-png", str(pdf), str(stem)],
                check=True,
                capture_output=True,
            )
            images[language, fmt] = sorted(PAGES.glob(f"{language}-{fmt}-*.png"))
    yield images
