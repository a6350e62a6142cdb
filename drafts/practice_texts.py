"""A practice's words in one language, as written and as read in another (with what falls
back to the source language); the limits of a name, a summary and an outcome."""

from __future__ import annotations

from dataclasses import dataclass

from drafts.errors import InvalidRequest
from drafts.text import check_storable
from drafts.vocabularies import Evidence

MAX_NAME = 300


MAX_SUMMARY = 4000


MAX_OUTCOME = 1000


MAX_OUTCOMES = 20


# The fields of a practice's text, as `LocalizedText.from_source` names them.
TEXT_FIELDS = ("name", "summary", "outcomes")


def _line(
    value: str, what: str, limit: int, *, required: bool = True, one_line: bool = True
) -> str:
    value = value.strip()
    check_storable(value, what)
    # A name or an outcome is one line: a spreadsheet's cell holds the outcomes one per
    # line, so a line break inside one would split it in two.
    if one_line and ("\n" in value or "\r" in value):
        raise InvalidRequest(f"{what} is one line: it holds a line break")
    if required and not value:
        raise InvalidRequest(f"{what} is empty")
    if len(value) > limit:
        raise InvalidRequest(f"{what} is longer than {limit} characters")
    return value


@dataclass(frozen=True)
class PracticeText:
    """A practice's words in one language.

    For the source language, `revision` counts the changes of this text and
    `source_revision` is None; for a translation, `source_revision` is the source revision
    it was made from (and `revision` counts the translation's own changes)."""

    name: str
    summary: str
    outcomes: tuple[str, ...] = ()
    author: str = ""
    revision: int = 1
    source_revision: int | None = None


def check_text(
    name: str, summary: str, outcomes: tuple[str, ...], what: str
) -> tuple[str, str, tuple[str, ...]]:
    if len(outcomes) > MAX_OUTCOMES:
        raise InvalidRequest(f"{what}: at most {MAX_OUTCOMES} outcomes")
    return (
        _line(name, f"{what}.name", MAX_NAME),
        _line(summary, f"{what}.summary", MAX_SUMMARY, required=False, one_line=False),
        tuple(_line(o, f"{what}.outcomes[{i}]", MAX_OUTCOME) for i, o in enumerate(outcomes)),
    )


@dataclass(frozen=True)
class LocalizedText:
    """A practice's text as a document in `language` shows it.

    A field without a usable translation shows the source's words: `from_source` names
    those fields (all three for a language not translated yet, `outcomes` alone for a
    translation made before the outcomes were added or removed). `stale` says the
    translation shown was made from an older source text."""

    language: str
    name: str
    summary: str
    outcomes: tuple[tuple[str, Evidence], ...]
    from_source: frozenset[str]
    stale: bool

    @property
    def falls_back(self) -> bool:
        return bool(self.from_source)
