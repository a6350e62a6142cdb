"""The failures the domain can report, one type per failure.

Each error carries a stable `code` that the API turns into a problem `type`; the HTTP
status lives in the API, so the domain never speaks HTTP.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every refusal the domain makes; `detail` is safe to show to the caller."""

    code = "domain-error"
    title = "Request refused"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(DomainError):
    code = "not-found"
    title = "Not found"


class Forbidden(DomainError):
    code = "forbidden"
    title = "Not allowed"


class Unauthenticated(DomainError):
    code = "unauthenticated"
    title = "Authentication required"


class InvalidRequest(DomainError):
    code = "invalid-request"
    title = "Invalid request"


class AlreadyExists(DomainError):
    code = "already-exists"
    title = "Already exists"


class RevisionConflict(DomainError):
    """A save whose edits overlap edits saved since its base revision."""

    code = "revision-conflict"
    title = "Edits conflict with a newer revision"


class BaseRevisionRequired(DomainError):
    code = "base-revision-required"
    title = "Base revision required"


class InvalidTransition(DomainError):
    code = "invalid-transition"
    title = "Not possible in the current state"


class TooLarge(DomainError):
    code = "too-large"
    title = "Content too large"


class IdempotencyKeyReused(DomainError):
    code = "idempotency-key-reused"
    title = "Idempotency key reused with another request"


class TooManyAttempts(DomainError):
    """Sign-ins failed too often for an account or a client: try again after a delay.

    `retry_after` (whole seconds) is how long; the attempt itself was not checked.
    """

    code = "too-many-attempts"
    title = "Too many failed attempts"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, retry_after=retry_after)
        self.retry_after = retry_after


class InvitationNotUsable(DomainError):
    """An invitation that was used already or has expired (`reason` says which)."""

    code = "invitation-not-usable"
    title = "Invitation no longer valid"


class CrossSiteRequestRefused(Forbidden):
    """A state-changing request with a session cookie that another site may have sent."""

    code = "cross-site-request"
    title = "Cross-site request refused"


class PreconditionFailed(DomainError):
    """A conditional request whose precondition (If-Match) does not hold any more."""

    code = "precondition-failed"
    title = "The text changed since the version you named"


class TextTooComplex(InvalidRequest):
    """A text nested or run together far past what any paper needs, refused at save time:
    such text takes the renderers minutes and gigabytes (the render limits stop it there
    too, but it could never be published)."""

    code = "text-too-complex"
    title = "Text too complex to publish"


class UnsupportedSpreadsheet(DomainError):
    """An upload that is no spreadsheet Accord reads: not CSV or XLSX, macros, a password."""

    code = "unsupported-spreadsheet"
    title = "Unsupported spreadsheet"
