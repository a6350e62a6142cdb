"""Which fonts set each language, where they are installed, and which characters they cover.

PDF faces (embedded, subset, by Typst), all under the SIL Open Font License:
- Latin and Cyrillic: PT Serif (PyPI fontpkg-pt-serif), made for Russian as much as for
  Latin, in four static faces, so that bold and italic are real faces with their own
  names (a variable font's instances all came out named "Regular" or "Thin").
- Arabic: Amiri (PyPI fontpkg-amiri), a Naskh face with real bold; Noto Sans Arabic drew
  letters as several glyphs (body and dots), and Typst's PDFs gave back garbled text to
  copy, search and screen readers; Amiri's give back the words.
- Simplified Chinese: Noto Serif CJK SC, a Song (Ming) face as UN Chinese documents use,
  from Debian's fonts-noto-cjk (Regular and Bold); where it is missing, Noto Sans SC from
  PyPI (justmytype-intl-cjk), a sans face: the renderer logs that it is not the house face.

DOCX files name the faces their readers have instead (see `WORD_FACES`): they are
edited in Word, and a face named but not installed is replaced by another.

Typst draws an empty box, with no warning, for a character no font has: `uncovered`
lets the renderer refuse such a document instead.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from workflows.rendering import RenderFailed

log = logging.getLogger("accord.render")

# Characters that are never drawn with a glyph: controls, format marks (bidi marks,
# zero-width joiners) and spaces of every kind.
_NOT_DRAWN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


@dataclass(frozen=True)
class Face:
    """One font the project sets text in: its family name and the file that holds it."""

    family: str
    path: Path
    index: int = 0  # the face's number inside a collection (.ttc)


# The faces a DOCX names, per script slot of Word's run fonts: those of UN documents,
# which come with Word on every system (Times New Roman carries Latin and Cyrillic,
# SimSun is the Song face of Chinese Windows and Office, Simplified Arabic the UN's
# Arabic face). Embedding the PDF's faces instead would be lost: Word embeds only
# TrueType, keeps them read-only in other editors, and many mail gateways strip them.
WORD_FACES = {
    "ascii": "Times New Roman",
    "hAnsi": "Times New Roman",
    "eastAsia": "SimSun",
    "cs": "Simplified Arabic",
}

# Code (pandoc's "Verbatim Char" style) keeps pandoc's Consolas, which Word ships too.
WORD_CODE_FACE = "Consolas"


@dataclass(frozen=True)
class FontSet:
    """The three families the PDFs use, found on this machine."""

    serif: Face
    arabic: Face
    cjk: Face

    @property
    def directories(self) -> tuple[Path, ...]:
        """The folders Typst is to search: exactly those holding the four families."""
        return tuple(dict.fromkeys(face.path.parent for face in self.faces))

    @property
    def faces(self) -> tuple[Face, ...]:
        return (self.serif, self.arabic, self.cjk)

    def chain(self, language: str) -> tuple[Face, ...]:
        """The families in the order Typst tries them for a document in that language.

        The language's own script comes first, so that characters scripts share (digits,
        quotes, commas) take the shape that language expects.
        """
        if language == "ar":
            return (self.arabic, self.serif, self.cjk)
        if language == "zh":
            return (self.serif, self.cjk, self.arabic)
        return (self.serif, self.arabic, self.cjk)

    def typst_chain(self, language: str) -> str:
        """The chain as a Typst font list; in Chinese, Latin letters only from the Latin font
        (punctuation and digits come from the Chinese face, as Chinese text sets them)."""
        names = [f'"{face.family}"' for face in self.chain(language)]
        if language == "zh":
            names[0] = f'(name: "{self.serif.family}", covers: "latin-in-cjk")'
        return "(" + ", ".join(names) + ",)"

    def coverage(self, language: str) -> frozenset[int]:
        """Every code point some font of the language's chain has a glyph for."""
        return _union(self.chain(language))


def uncovered(text: str, coverage: frozenset[int]) -> list[str]:
    """The characters of the text no font covers, in order of first appearance."""
    missing = [
        c
        for c in dict.fromkeys(text)
        if ord(c) not in coverage and unicodedata.category(c) not in _NOT_DRAWN
    ]
    return missing


def describe_uncovered(missing: list[str]) -> str:
    """A sentence for people: "no configured font covers U+10380 '𐎀' (1 character)"."""
    shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in missing[:10])
    more = ", …" if len(missing) > 10 else ""
    count = f"{len(missing)} character{'s' if len(missing) != 1 else ''}"
    return f"no configured font covers {shown}{more} ({count})"


@cache
def font_set() -> FontSet:
    """The installed fonts, looked up once per process; RenderFailed naming what to install."""
    return FontSet(
        serif=_from_package(
            "fontpkg_pt_serif",
            "PT Serif",
            "PT_Serif-Web-Regular.ttf",
            "pip install fontpkg-pt-serif",
        ),
        arabic=_from_package(
            "fontpkg_amiri", "Amiri", "Amiri-Regular.ttf", "pip install fontpkg-amiri"
        ),
        cjk=_chinese(),
    )


def _package_dir(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _from_package(module: str, family: str, pattern: str, install: str) -> Face:
    root = _package_dir(module)
    found = sorted(root.rglob(pattern)) if root else []
    if not found:
        raise RenderFailed(f"the font {family} is not installed ({install})")
    return Face(family, found[0])


def _chinese() -> Face:
    # Debian's fonts-noto-cjk: one collection per weight for all CJK languages; face 2 is
    # the Simplified Chinese one (JP, KR, SC, TC, HK). Its Bold sits beside it.
    for folder in _system_font_dirs():
        for path in sorted(folder.rglob("NotoSerifCJK-Regular.ttc")):
            return Face("Noto Serif CJK SC", path, index=2)
    root = _package_dir("justmytype_intl_cjk")
    found = sorted(root.rglob("NotoSansSC[[]*.ttf")) if root else []
    if found:
        log.warning(
            "Chinese is set in Noto Sans SC: the Song face Noto Serif CJK SC is not "
            "installed (apt-get install fonts-noto-cjk)"
        )
        return Face("Noto Sans SC", found[0])
    raise RenderFailed("no Simplified Chinese font is installed (apt-get install fonts-noto-cjk)")


def _system_font_dirs() -> Iterable[Path]:
    """The standard font folders of a Linux system, as the XDG base directories define them."""
    data_dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    for base in [home, *data_dirs.split(":")]:
        folder = Path(base) / "fonts"
        if base and folder.is_dir():
            yield folder


@cache
def _cmap(path: Path, index: int) -> frozenset[int]:
    # lazy=True reads only the tables asked for: the cmap of a 17 MB CJK font in ~0.1 s.
    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


@cache
def _union(faces: tuple[Face, ...]) -> frozenset[int]:
    covered: set[int] = set()
    for face in faces:
        covered |= _cmap(face.path, face.index)
    return frozenset(covered)
