"""The entities of a paper: users, papers, sections and the revisions of their text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from drafts.errors import InvalidRequest, InvalidTransition, NotFound
from drafts.languages import LANGUAGES
from drafts.text import check_storable

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
_USER_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$")


class Role(StrEnum):
    AUTHOR = "author"
    TRANSLATOR = "translator"
    REVIEWER = "reviewer"
    SECRETARIAT = "secretariat"


# Roles that may be limited to some of the paper's languages: a translator into Spanish,
# a reviewer who reads French. Authors write the source language of their sections and
# the secretariat manages the whole paper, so theirs cannot be.
LANGUAGE_ROLES = frozenset({Role.TRANSLATOR, Role.REVIEWER})


class Untranslated(StrEnum):
    """How a draft version shows a section not yet translated into a language."""

    SOURCE = "source"  # the source text, under a "not yet translated" note
    PLACEHOLDER = "placeholder"  # only the note, where the text would be


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
    # The languages a member's role is limited to, by member and role; a role not named
    # here holds for every language of the paper.
    member_languages: dict[str, dict[Role, tuple[str, ...]]] = field(default_factory=dict)
    bibliography: str | None = None
    untranslated: Untranslated = Untranslated.SOURCE
    id: int | None = None

    def __post_init__(self) -> None:
        check_slug(self.slug, "paper slug")
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

    def holds(self, user: str, role: Role, language: str | None = None) -> bool:
        """Whether `user` has `role` on the paper (for `language`, when it is named)."""
        if role not in self.roles_of(user):
            return False
        limited = self.member_languages.get(user, {}).get(role)
        return language is None or limited is None or language in limited

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
    # A retired section is out of the outline and of new versions; its history stays
    # readable and the versions that hold it are unchanged.
    retired_at: datetime | None = None
    id: int | None = None

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    def require_open(self) -> None:
        """Return if the section may still change; InvalidTransition once retired."""
        if self.retired:
            raise InvalidTransition(
                f"section {self.key!r} is retired: its history can be read, not changed"
            )


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
    """The revision number named by a strong ETag such as `"r3"`; None for any other tag."""
    value = value.strip()
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return None
    opaque = value[1:-1]
    if opaque.startswith("r") and opaque[1:].isdigit() and len(opaque) <= 11:
        number = int(opaque[1:])
        return number if 1 <= number <= MAX_NUMBER else None
    return None


# RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, where etagc is any visible
# character but DQUOTE (and obs-text); an If-Match list separates tags with commas.
_ENTITY_TAG = re.compile(r'\s*((?:W/)?"[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)')
MAX_IF_MATCH_TAGS = 20


@dataclass(frozen=True)
class IfMatch:
    """An `If-Match` precondition: `*` (any current text) or a list of entity tags."""

    any: bool
    tags: tuple[str, ...] = ()

    @classmethod
    def parse(cls, header: str) -> IfMatch:
        """The header's value as a precondition; InvalidRequest when it is not one."""
        if header.strip() == "*":
            return cls(any=True)
        tags: list[str] = []
        at = 0
        while at < len(header):
            match = _ENTITY_TAG.match(header, at)
            if match is None or match.end() == at:
                raise InvalidRequest(
                    f'If-Match {header[:100]!r} is not a list of entity tags (like "r3") or *'
                )
            tags.append(match.group(1))
            at = match.end()
        if not tags:
            raise InvalidRequest('If-Match is empty; send an entity tag like "r3", or *')
        if len(tags) > MAX_IF_MATCH_TAGS:
            raise InvalidRequest(f"If-Match lists more than {MAX_IF_MATCH_TAGS} entity tags")
        return cls(any=False, tags=tuple(tags))

    def holds(self, head: int) -> bool:
        """Whether the text whose current revision is `head` (0: none yet) satisfies it.

        The comparison is strong, as RFC 9110 requires for If-Match: a weak tag (W/"r3")
        never matches, and neither does any tag while the text has no revision.
        """
        if head == 0:
            return False
        return self.any or any(parse_etag(tag) == head for tag in self.tags)


@dataclass
class Track:
    """The text of one section in one language: its state and its latest revision number."""

    section: str
    language: str
    state: SectionState = SectionState.DRAFTING
    head: int = 0
    approved: int | None = None
    id: int | None = None
