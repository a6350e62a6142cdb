"""What callers ask for: one immutable command per intent, named in the imperative."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from drafts.model import IfMatch


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
    untranslated: str = "source"


@dataclass(frozen=True, kw_only=True)
class UpdatePaper(Command):
    """New values for the paper's cover, approval policy and drafts; None leaves a value
    as it is."""

    paper: str
    titles: dict[str, str] | None = None
    symbol: str | None = None
    forum: str | None = None
    forums: dict[str, str] | None = None
    date: date | None = None
    approvals_required: int | None = None
    secretariat_approval_required: bool | None = None
    untranslated: str | None = None


@dataclass(frozen=True, kw_only=True)
class AddLanguage(Command):
    paper: str
    language: str


@dataclass(frozen=True, kw_only=True)
class RetireLanguage(Command):
    paper: str
    language: str


@dataclass(frozen=True, kw_only=True)
class RetireSection(Command):
    paper: str
    key: str


@dataclass(frozen=True, kw_only=True)
class EditComment(Command):
    paper: str
    section: str
    language: str
    comment: int
    body: str | None = None
    replacement: str | None = None


@dataclass(frozen=True, kw_only=True)
class SetMemberRoles(Command):
    paper: str
    user: str
    roles: tuple[str, ...]
    # The languages a role is limited to (translator, reviewer); a role not named holds
    # for every language.
    languages: dict[str, tuple[str, ...]] = field(default_factory=dict)


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
    # A precondition on the current revision (If-Match): refused, never merged, when
    # it does not hold; `base_revision` alone asks for a merge instead.
    if_match: IfMatch | None = None
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
    end: int | None = None
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


@dataclass(frozen=True, kw_only=True)
class StoreImage(Command):
    paper: str
    name: str
    data: bytes


@dataclass(frozen=True, kw_only=True)
class SubscribeWebhook(Command):
    paper: str
    url: str
    event_types: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class UpdateWebhook(Command):
    """New values for an endpoint; None leaves a value as it is."""

    paper: str
    endpoint: int
    url: str | None = None
    event_types: tuple[str, ...] | None = None
    description: str | None = None
    status: str | None = None  # "active" or "paused"


@dataclass(frozen=True, kw_only=True)
class RotateWebhookSecret(Command):
    paper: str
    endpoint: int
    grace_seconds: int | None = None


@dataclass(frozen=True, kw_only=True)
class DeleteWebhook(Command):
    paper: str
    endpoint: int


@dataclass(frozen=True, kw_only=True)
class Redeliver(Command):
    paper: str
    endpoint: int
    delivery: int


@dataclass(frozen=True, kw_only=True)
class ChooseNotifications(Command):
    """Turn kinds of notice on (True) or off (False) for the actor; others stay as they are."""

    kinds: dict[str, bool]
