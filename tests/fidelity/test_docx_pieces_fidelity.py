"""A DOCX joined from section pieces, read back by LibreOffice and by pandoc.

The pieces' footnotes, lists, tables and links must still be what a reader sees: the
notes numbered in order under their text, each list numbered from 1, the tables'
labels counted through the paper, the links' addresses kept.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from services.render import PandocRenderer
from services.render.labels import labels_for
from services.render.pandoc import pandoc_binary
from services.render.segments import piecewise
from tests.fidelity.conftest import pdf_lines
from tests.integration.test_docx_pieces import TEXT, paper
from tests.servers import require_program

pytestmark = pytest.mark.slow

LANGUAGES = ("en", "ar", "zh")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pieces")
    renderer = PandocRenderer()
    out = {}
    for language in LANGUAGES:
        edition = paper(language)
        assert piecewise(edition)
        path = folder / f"{language}.docx"
        path.write_bytes(renderer.render(edition, "docx"))
        out[language] = path
    return out


@pytest.fixture(scope="module")
def libreoffice_pdfs(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    soffice = require_program("soffice", "LibreOffice (libreoffice-writer-nogui)")
    folder = tmp_path_factory.mktemp("pieces-lo")
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(path) for path in files.values()),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return {language: folder / f"{language}.pdf" for language in files}


@pytest.mark.parametrize("language", LANGUAGES)
def test_libreoffice_shows_every_section_note_and_table_label(
    libreoffice_pdfs: dict, language: str
) -> None:
    text = " ".join(pdf_lines(libreoffice_pdfs[language]))
    labels = labels_for(language)
    sentence, note, _ = TEXT[language]
    for n in range(1, 8):
        assert f"{n}. {TEXT[language][0][:8]} {n}" in text or f"{TEXT[language][0][:8]} {n}" in text
    # Both notes of each of the seven sections, and three tables counted through.
    assert text.count(note) >= 14
    for n in (1, 2, 3):
        assert labels.table(n) in text.replace(" ", "") or labels.table(n) in text
    assert labels.table(4) not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_pandoc_reads_back_the_notes_lists_and_links(files: dict[str, Path], language: str) -> None:
    markdown = subprocess.run(
        [pandoc_binary(), "--sandbox", "-f", "docx", "-t", "markdown", str(files[language])],
        capture_output=True,
        check=True,
    ).stdout.decode()
    notes = re.findall(r"^\[\^(\d+)\]:", markdown, re.MULTILINE)
    assert notes == [str(n) for n in range(1, 15)]
    for n in range(1, 8):
        assert f"(https://un.org/{n})" in markdown
        assert f"(#sec-s{n + 1})" in markdown
    assert "(https://example.org/0)" in markdown and "(https://example.org/2)" in markdown
    # Each section's numbered list starts at 1 again.
    assert len(re.findall(r"^1\. ", markdown, re.MULTILINE)) == 7
