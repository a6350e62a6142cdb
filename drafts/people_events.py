"""The events of people: users, their tokens, invitations and passwords, signing in and out.

They are `drafts.events.Event`s like every other, so that the audit log, the outbox and
the webhooks carry them.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafts.events import Event


@dataclass(frozen=True, kw_only=True)
class UserCreated(Event):
    user: str
    is_admin: bool


@dataclass(frozen=True, kw_only=True)
class TokenIssued(Event):
    user: str
    # Tokens issued before names and expiry were recorded without them.
    token: int | None = None
    token_name: str = ""
    expires_at: str | None = None


@dataclass(frozen=True, kw_only=True)
class TokensRevoked(Event):
    user: str
    revoked: int


@dataclass(frozen=True, kw_only=True)
class TokenRevoked(Event):
    """One token revoked by its id (TokensRevoked is all of a user's at once)."""

    user: str
    token: int
    token_name: str


@dataclass(frozen=True, kw_only=True)
class InvitationIssued(Event):
    user: str
    expires_at: str


@dataclass(frozen=True, kw_only=True)
class PasswordSet(Event):
    """A person set their password through an invitation; their old sessions ended."""

    user: str
    sessions_ended: int


@dataclass(frozen=True, kw_only=True)
class SignedIn(Event):
    user: str
    session: int
    client: str


@dataclass(frozen=True, kw_only=True)
class SignInFailed(Event):
    """A wrong name, e-mail or password; `actor` and `user` name the account when the login
    named one. What was typed is kept only then: people often type their password into
    the name field, and the log must never hold a password."""

    user: str | None
    client: str
    account_failures: int
    client_failures: int


@dataclass(frozen=True, kw_only=True)
class SignedOut(Event):
    user: str
    sessions: int
    everywhere: bool
