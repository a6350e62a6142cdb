"""The masthead of a document, decided once for both formats.

What the Editorial Manual ("Mastheads and cover pages") says a masthead shows: the
document symbol, the distribution, the date, the version's own language (in a
translation), the original language; and, where the paper asks for them, the words
"United Nations" and the principal organ. The forum line and the title follow it.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.render.labels import Labels
from workflows.rendering import Edition


@dataclass(frozen=True)
class Masthead:
    """Every line of the masthead, in the edition's language, in reading order."""

    united_nations: str | None  # "United Nations", "Nations Unies"; None when not shown
    organ: str | None  # "General Assembly", ...; None when not shown
    symbol: str
    lines: tuple[str, ...]  # distribution, date, [version language], original language
    forum: str
    title: str


def masthead(edition: Edition, labels: Labels) -> Masthead:
    """The masthead of the edition: what each format prints at the top of its first page."""
    lines = [labels.distribution(edition.distribution), labels.date(edition.date)]
    # A translation names its own language above the original ("Russian" / "Original:
    # English"); the original version names only the original.
    if edition.language != edition.source_language:
        lines.append(labels.version_language())
    lines.append(labels.original(edition.source_language))
    return Masthead(
        united_nations=labels.united_nations if edition.united_nations else None,
        organ=labels.organ(edition.organ) if edition.organ else None,
        symbol=edition.symbol,
        lines=tuple(lines),
        forum=edition.forum,
        title=edition.paper_title,
    )
