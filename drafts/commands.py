"""What callers ask for: one immutable command per intent, named in the imperative."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from drafts.house_style import HouseStyle


@dataclass(frozen=True, kw_only=True)
class Command:
    actor: str


@dataclass(frozen=True, kw_only=True)
class CreateUser(Command):
    name: str
    email: str
    is_admin: bool = False


@dataclass(frozen=True, kw_only=True)
class CreatePaper(Command):
    slug: str
    titles: dict[str, str]
    source_language: str
    languages: tuple[str, ...]
    symbol: str = ""
    forum: str = ""
    forums: dict[str, str] = field(default_factory=dict)
    date: date | None = None
    approvals_required: int = 1
    secretariat_approval_required: bool = False
    distribution: str = "general"
    house_style: HouseStyle = field(default_factory=HouseStyle)


@dataclass(frozen=True, kw_only=True)
class UpdatePaper(Command):
    """New values for what is printed on the paper's cover; None leaves a value as it is."""

    paper: str
    titles: dict[str, str] | None = None
    symbol: str | None = None
    forum: str | None = None
    forums: dict[str, str] | None = None
    date: date | None = None
    distribution: str | None = None
    house_style: HouseStyle | None = None


@dataclass(frozen=True, kw_only=True)
class SetMemberRoles(Command):
    paper: str
    user: str
    roles: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class AddSection(Command):
    paper: str
    key: str
    titles: dict[str, str]
    authors: tuple[str, ...] = ()
    position: int | None = None


@dataclass(frozen=True, kw_only=True)
class UpdateSection(Command):
    paper: str
    key: str
    titles: dict[str, str] | None = None
    authors: tuple[str, ...] | None = None


@dataclass(frozen=True, kw_only=True)
class ReorderOutline(Command):
    paper: str
    order: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class SaveRevision(Command):
    paper: str
    section: str
    language: str
    body: str
    base_revision: int | None = None
    source_revision: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class TextCommand(Command):
    """A command on the text of one section in one language."""

    paper: str
    section: str
    language: str


@dataclass(frozen=True, kw_only=True)
class SubmitText(TextCommand):
    pass


@dataclass(frozen=True, kw_only=True)
class RecordReview(TextCommand):
    revision: int
    decision: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class AddComment(TextCommand):
    body: str
    revision: int | None = None
    exact: str | None = None
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    parent: int | None = None
    replacement: str | None = None


@dataclass(frozen=True, kw_only=True)
class ResolveComment(TextCommand):
    comment: int
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReopenComment(TextCommand):
    comment: int


@dataclass(frozen=True, kw_only=True)
class AcceptSuggestion(TextCommand):
    comment: int


@dataclass(frozen=True, kw_only=True)
class RejectSuggestion(TextCommand):
    comment: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class SetBibliography(Command):
    paper: str
    csl_json: str | None


@dataclass(frozen=True, kw_only=True)
class RequestPublication(Command):
    paper: str
    version: str
    kind: str
    languages: tuple[str, ...] | None = None
    formats: tuple[str, ...] = ("docx", "pdf")
    distribution: str | None = None  # None: the paper's


@dataclass(frozen=True, kw_only=True)
class StoreImage(Command):
    paper: str
    name: str
    data: bytes
