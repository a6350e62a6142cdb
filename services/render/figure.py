"""The annex's figure: how many of the practices cited use each approach, by region.

Drawn by matplotlib as an SVG whose words stay text (`svg.fonttype: none`): matplotlib
lays out letters one by one and cannot join Arabic ones, so the words are left for Typst
to shape and place, with the document's own fonts, when it draws the SVG into the PDF
or onto a PNG for the DOCX. Every value that could vary between runs is fixed: the
SVG's ids (a fixed hash salt), its date (none), the fonts (the project's own, never the
machine's), so the same practices always give the same bytes.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("svg")

from matplotlib import font_manager  # noqa: E402 - after choosing the backend
from matplotlib.figure import Figure  # noqa: E402

from services.render.fonts import FontSet  # noqa: E402

# One figure at a time: matplotlib's font manager and rc settings are process-wide.
_LOCK = threading.Lock()
_REGISTERED: set[str] = set()

_INK = "#1a1a1a"
_MARK = "#1f5f8b"  # a dark blue: 7:1 against white for the counts written on it
_GRID = "#c8c8c8"


@dataclass(frozen=True)
class Matrix:
    """What the figure shows: for each region (rows) and approach (columns), the number
    of practices of that region using that approach. Labels are in the document's
    language; the figure writes them as they are."""

    regions: tuple[str, ...]
    approaches: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # counts[region][approach]
    rtl: bool = False


def _register(fonts: FontSet) -> None:
    # matplotlib measures the words with these fonts; Typst draws them with the same.
    for face in fonts.faces:
        key = str(face.path)
        if key not in _REGISTERED:
            font_manager.fontManager.addfont(key)
            _REGISTERED.add(key)


def draw_svg(matrix: Matrix, fonts: FontSet, language: str) -> bytes:
    """The figure as SVG, its words as text in the language's font chain."""
    families = [face.family for face in fonts.chain(language)]
    with _LOCK:
        _register(fonts)
        with matplotlib.rc_context(
            {
                "svg.fonttype": "none",
                # Words are words: a "$" never starts mathematics.
                "text.parse_math": False,
                "svg.hashsalt": "accord-practices",
                "svg.id": "accord-practices",
                "font.family": families,
                "font.size": 9,
                "axes.edgecolor": _GRID,
                "axes.linewidth": 0.6,
                "text.color": _INK,
                "xtick.color": _INK,
                "ytick.color": _INK,
            }
        ):
            return _draw(matrix)


def _draw(matrix: Matrix) -> bytes:
    rows, columns = len(matrix.regions), len(matrix.approaches)
    width = 6.3  # inches: the text width of an A4 page with 25 mm margins
    # Fixed margins (inches), not matplotlib's "tight" layout: its measure of Arabic or
    # Chinese words is not the one Typst sets them at.
    bottom, top = 1.1, 0.15
    height = bottom + top + 0.42 * max(rows, 1)
    figure = Figure(figsize=(width, height))
    # The regions' names stand before the matrix: at its left, or at its right in Arabic.
    left = 0.04 if matrix.rtl else 0.30
    axes = figure.add_axes((left, bottom / height, 0.66, (height - bottom - top) / height))
    peak = max((n for row in matrix.counts for n in row), default=0) or 1
    for r, row in enumerate(matrix.counts):
        for c, count in enumerate(row):
            if not count:
                continue
            axes.scatter([c], [r], s=120 + 380 * count / peak, color=_MARK, zorder=2, linewidths=0)
            axes.text(
                c, r, str(count), ha="center", va="center", color="white",
                fontsize=8, zorder=3,
            )  # fmt: skip
    axes.set_xlim(-0.6, columns - 0.4)
    axes.set_ylim(rows - 0.4, -0.6)
    axes.set_xticks(range(columns), list(matrix.approaches), rotation=35, ha="right")
    axes.set_yticks(range(rows), list(matrix.regions))
    axes.tick_params(length=0)
    axes.grid(color=_GRID, linewidth=0.4, zorder=0)
    axes.set_axisbelow(True)
    if matrix.rtl:
        # Right to left: the regions' names stand at the right, the approaches start there.
        axes.invert_xaxis()
        axes.yaxis.tick_right()
        axes.set_xticks(range(columns), list(matrix.approaches), rotation=-35, ha="left")
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def matrix_of(
    regions: Sequence[tuple[str, str]],
    approaches: Sequence[tuple[str, str]],
    practices: Sequence[tuple[str, Sequence[str]]],
    rtl: bool = False,
) -> Matrix:
    """The matrix for practices given as (region code, approach codes), with the rows and
    columns given as (code, label) in the order to show them."""
    counts = tuple(
        tuple(
            sum(1 for region, used in practices if region == r and a in used)
            for a, _label in approaches
        )
        for r, _label in regions
    )
    return Matrix(
        regions=tuple(label for _code, label in regions),
        approaches=tuple(label for _code, label in approaches),
        counts=counts,
        rtl=rtl,
    )
