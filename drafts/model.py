"""The entities of a paper: users, papers, sections and the revisions of their text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from drafts.errors import InvalidRequest, NotFound
from drafts.house_style import HouseStyle, check_distribution
from drafts.languages import LANGUAGES
from drafts.text import check_storable

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
_USER_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$")


class Role(StrEnum):
    AUTHOR = "author"
    TRANSLATOR = "translator"
    REVIEWER = "reviewer"
    SECRETARIAT = "secretariat"


class SectionState(StrEnum):
    DRAFTING = "drafting"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"


def check_slug(value: str, what: str) -> str:
    """`value` if it is a lower-case slug (letters, digits, inner hyphens, ≤ 64)."""
    if not _SLUG.match(value):
        raise InvalidRequest(
            f"{what} must be 1-64 lower-case letters, digits or inner hyphens, got {value!r}"
        )
    return value


def check_user_name(value: str) -> str:
    """`value` if it is a valid user name."""
    if not _USER_NAME.match(value):
        raise InvalidRequest(
            "a user name must be 1-64 lower-case letters, digits, dots, hyphens or underscores"
        )
    return value


def check_languages(codes: list[str] | tuple[str, ...], what: str) -> tuple[str, ...]:
    """The codes, each a supported language, without repeats, in the given order."""
    unknown = [c for c in codes if c not in LANGUAGES]
    if unknown:
        raise InvalidRequest(
            f"{what}: unknown language {', '.join(map(repr, unknown))}; use {', '.join(LANGUAGES)}"
        )
    if len(set(codes)) != len(codes):
        raise InvalidRequest(f"{what}: a language is listed twice")
    return tuple(codes)


def check_titles(titles: dict[str, str], languages: tuple[str, ...], what: str) -> dict[str, str]:
    """Titles keyed by the paper's languages, non-empty, storable."""
    check_languages(list(titles), what)
    stray = [lang for lang in titles if lang not in languages]
    if stray:
        raise InvalidRequest(f"{what}: {', '.join(stray)} is not a language of this paper")
    for lang, title in titles.items():
        check_storable(title, f"{what}[{lang}]")
        if not title.strip():
            raise InvalidRequest(f"{what}[{lang}] is empty")
    return dict(titles)


@dataclass
class User:
    name: str
    email: str
    is_admin: bool = False
    id: int | None = None


@dataclass
class Paper:
    """A consensus paper: its identity, languages and who may do what on it."""

    slug: str
    titles: dict[str, str]
    source_language: str
    languages: tuple[str, ...]
    symbol: str = ""
    forum: str = ""  # where the paper goes, in its source language
    # The forum as each other language writes it; a language without one shows `forum`.
    forums: dict[str, str] = field(default_factory=dict)
    date: date | None = None
    approvals_required: int = 1
    secretariat_approval_required: bool = False
    members: dict[str, frozenset[Role]] = field(default_factory=dict)
    bibliography: str | None = None
    id: int | None = None
    # How it is printed: its masthead's distribution (each version may set its own) and
    # the house style of its files.
    distribution: str = "general"
    house_style: HouseStyle = field(default_factory=HouseStyle)

    def __post_init__(self) -> None:
        check_slug(self.slug, "paper slug")
        self.distribution = check_distribution(self.distribution)
        self.languages = check_languages(self.languages, "languages")
        if self.source_language not in self.languages:
            raise InvalidRequest(
                f"the source language {self.source_language!r} must be one of the languages"
            )
        if self.source_language not in self.titles:
            raise InvalidRequest("the paper needs a title in its source language")
        self.titles = check_titles(self.titles, self.languages, "titles")
        for what, value in (("symbol", self.symbol), ("forum", self.forum)):
            check_storable(value, what)
        self.forums = check_titles(self.forums, self.languages, "forums")
        if not 1 <= self.approvals_required <= 20:
            raise InvalidRequest("approvals_required must be between 1 and 20")

    @property
    def target_languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.languages if lang != self.source_language)

    def roles_of(self, user: str) -> frozenset[Role]:
        return self.members.get(user, frozenset())

    def require_language(self, language: str) -> str:
        """`language` if the paper is written in it; unknown ones read as not found."""
        if language not in self.languages:
            raise NotFound(f"paper {self.slug!r} has no language {language!r}")
        return language


@dataclass
class Section:
    key: str
    position: int
    titles: dict[str, str]
    authors: tuple[str, ...] = ()
    id: int | None = None


@dataclass(frozen=True)
class Revision:
    """Immutable text of one section in one language."""

    number: int
    body: str
    content_hash: str
    author: str
    created_at: datetime
    parent: int | None = None
    base: int | None = None
    merged: bool = False
    source_revision: int | None = None
    suggested_by: str | None = None

    @property
    def authors(self) -> frozenset[str]:
        """Everyone who wrote part of this text, none of whom may approve it."""
        return frozenset({self.author} | ({self.suggested_by} if self.suggested_by else set()))

    @property
    def etag(self) -> str:
        return f'"r{self.number}"'


# Revision numbers, ids and offsets are stored as 32-bit integers: a larger number names
# nothing, and the database driver would fail on it instead of answering "not found".
MAX_NUMBER = 2**31 - 1


def parse_etag(value: str) -> int | None:
    """The revision number named by an `If-Match` value such as `"r3"` or `W/"r3"`."""
    value = value.strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    if value.startswith("r") and value[1:].isdigit() and len(value) <= 11:
        number = int(value[1:])
        return number if number <= MAX_NUMBER else None
    return None


@dataclass
class Track:
    """The text of one section in one language: its state and its latest revision number."""

    section: str
    language: str
    state: SectionState = SectionState.DRAFTING
    head: int = 0
    approved: int | None = None
    id: int | None = None
