"""Which fonts set each language, where they are installed, and which characters they cover.

The fonts come from packages, never from a path written here: Latin and Cyrillic from
PyPI (fontpkg-noto-serif, fontpkg-noto-sans), Arabic from PyPI (fontpkg-amiri), Simplified
Chinese from PyPI (justmytype-intl-cjk, "Noto Sans SC") or, where that is not installed,
from Debian's fonts-noto-cjk ("Noto Sans CJK SC") in the standard font directories. Each
package is asked where it lives.

Arabic is set in Amiri rather than Noto Sans Arabic: Noto Sans Arabic draws letters as
several glyphs (body and dots), and the PDFs Typst made with it gave back garbled text
to copy, search and screen readers; Amiri's give back the words.

Typst draws an empty box, with no warning, for a character no font has: `uncovered`
lets the renderer refuse such a document instead.
"""

from __future__ import annotations

import importlib.util
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from workflows.rendering import RenderFailed

# Characters that are never drawn with a glyph: controls, format marks (bidi marks,
# zero-width joiners) and spaces of every kind.
_NOT_DRAWN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


@dataclass(frozen=True)
class Face:
    """One font the project sets text in: its family name and the file that holds it."""

    family: str
    path: Path
    index: int = 0  # the face's number inside a collection (.ttc)


@dataclass(frozen=True)
class FontSet:
    """The four families the documents use, found on this machine."""

    serif: Face
    sans: Face
    arabic: Face
    cjk: Face

    @property
    def directories(self) -> tuple[Path, ...]:
        """The folders Typst is to search: exactly those holding the four families."""
        return tuple(dict.fromkeys(face.path.parent for face in self.faces))

    @property
    def faces(self) -> tuple[Face, ...]:
        return (self.serif, self.sans, self.arabic, self.cjk)

    def chain(self, language: str) -> tuple[Face, ...]:
        """The families in the order Typst tries them for a document in that language.

        The language's own script comes first, so that characters scripts share (digits,
        quotes, commas) take the shape that language expects.
        """
        if language == "ar":
            return (self.arabic, self.sans, self.cjk)
        if language == "zh":
            return (self.sans, self.cjk, self.arabic)
        return (self.serif, self.arabic, self.cjk)

    def typst_chain(self, language: str) -> str:
        """The chain as a Typst font list; in Chinese, Latin letters only from the Latin font."""
        names = [f'"{face.family}"' for face in self.chain(language)]
        if language == "zh":
            names[0] = f'(name: "{self.sans.family}", covers: "latin-in-cjk")'
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
            "fontpkg_noto_serif",
            "Noto Serif",
            "NotoSerif[[]*.ttf",
            "pip install fontpkg-noto-serif",
        ),
        sans=_from_package(
            "fontpkg_noto_sans", "Noto Sans", "NotoSans[[]*.ttf", "pip install fontpkg-noto-sans"
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
    root = _package_dir("justmytype_intl_cjk")
    found = sorted(root.rglob("NotoSansSC[[]*.ttf")) if root else []
    if found:
        return Face("Noto Sans SC", found[0])
    # Debian's fonts-noto-cjk: one collection for all CJK languages; face 2 is the
    # Simplified Chinese one (JP, KR, SC, TC, HK).
    for folder in _system_font_dirs():
        for path in sorted(folder.rglob("NotoSansCJK-Regular.ttc")):
            return Face("Noto Sans CJK SC", path, index=2)
    raise RenderFailed(
        "no Simplified Chinese font is installed "
        "(pip install justmytype-intl-cjk, or apt-get install fonts-noto-cjk)"
    )


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
