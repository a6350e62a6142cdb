"""Page images of the cover and first page of each language and format, for people to look at.

They are build output (build/pages/, ignored by git): `make test` leaves them there; the
README shows two of them, copied to docs/pages/.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests.fidelity.paper import LANGUAGES

pytestmark = pytest.mark.slow


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_cover_and_first_page_are_drawn_for_each_language_and_format(
    page_images: dict[tuple[str, str], list[Path]], language: str, fmt: str
) -> None:
    pages = page_images[language, fmt]
    # The cover (masthead, title, contents and the start of the text) and the page after.
    assert [p.name for p in pages] == [f"{language}-{fmt}-1.png", f"{language}-{fmt}-2.png"]
    for page in pages:
        width, height = png_size(page)
        assert abs(width - 496) <= 1 and abs(height - 702) <= 1  # A4 at 60 dpi
        assert page.stat().st_size > 5_000  # a page with text on it, not a blank one
