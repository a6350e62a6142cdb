"""What the renderer is given of the practices a language of a version cites: plain data.

The practices are frozen with the version as their records (see `drafts.practice_records`
and `workflows.practice_citations`), so a file
rebuilt later prints the practices as they were when the version was requested.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderPractice:
    """One practice as the annex prints it, in the edition's language where translated."""

    key: str
    number: int  # its place in the annex, the same in every language of the version
    group: str  # the UN M49 area it is listed under (a sub-region: "419", "202", "035")
    verified: bool
    name: str
    summary: str = ""
    country: str | None = None  # ISO 3166-1 alpha-2
    city: str = ""
    start_year: int | None = None
    end_year: int | None = None
    actors: tuple[str, ...] = ()
    approaches: tuple[str, ...] = ()
    outcomes: tuple[tuple[str, str], ...] = ()  # (statement, strength of its evidence)
    sources: tuple[str, ...] = ()  # ids of entries of the paper's bibliography
    # The text fields ("name", "summary", "outcomes") printed in `source_language` because
    # the edition's language has no (current) translation of them.
    from_source: tuple[str, ...] = ()
    source_language: str = ""
