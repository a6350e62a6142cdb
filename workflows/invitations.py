"""Invitations: the one-time link with which a person sets (or resets) their password.

See `workflows.signin` for how a client uses these with the rest of signing in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from drafts.errors import Forbidden, InvitationNotUsable, NotFound
from drafts.model import User
from drafts.people import Invitation, check_password
from drafts.people_events import InvitationIssued, PasswordSet
from workflows.ports import UnitOfWork
from workflows.signin_policy import SignInPolicy, now_or
from workflows.users import SYSTEM_ACTOR


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str  # shown once; only its hash is stored
    url: str

    @property
    def expires_at(self) -> datetime:
        return self.invitation.expires_at


async def invite(
    name: str,
    uow: UnitOfWork,
    signin: SignInPolicy,
    *,
    actor: User | None = None,
    now: datetime | None = None,
) -> NewInvitation:
    """A one-time link for the user to set their password (admins; `actor=None` is the
    operator on the command line). Older unused links of the user stop working."""
    if actor is not None and not actor.is_admin:
        raise Forbidden("only an admin may invite people")
    user = await uow.users.get(name)
    if user is None:
        raise NotFound(f"user {name!r} not found")
    at = now_or(now)
    await uow.invitations.void_open(user.name, at)
    token, token_hash = signin.tokens.new()
    invitation = await uow.invitations.add(
        Invitation(
            user=user.name,
            created_by=actor.name if actor else SYSTEM_ACTOR,
            created_at=at,
            expires_at=at + signin.invitation_valid,
        ),
        token_hash,
    )
    uow.record(
        InvitationIssued(
            actor=invitation.created_by,
            paper=None,
            user=user.name,
            expires_at=invitation.expires_at.isoformat(),
        )
    )
    return NewInvitation(invitation, token, signin.invitation_url(token))


async def open_invitation(
    token: str, uow: UnitOfWork, signin: SignInPolicy, *, now: datetime | None = None
) -> Invitation:
    """The invitation behind a link, if it can still be used."""
    invitation = await uow.invitations.by_hash(signin.tokens.hash(token)) if token else None
    if invitation is None:
        raise NotFound("this invitation link is not known; check that it was copied whole")
    invitation.check_usable(now_or(now))
    return invitation


async def accept_invitation(
    token: str,
    password: str,
    uow: UnitOfWork,
    signin: SignInPolicy,
    *,
    now: datetime | None = None,
) -> User:
    """Set the invited user's password; the link cannot be used again."""
    at = now_or(now)
    invitation = await open_invitation(token, uow, signin, now=at)
    user = await uow.users.get(invitation.user)
    if user is None:  # users are never deleted; kept for the type checker's sake
        raise NotFound("the invited user no longer exists")
    password = check_password(password, user, min_length=signin.password_min_length)
    password_hash = await signin.passwords.hash(password)
    if not await uow.invitations.use(invitation, at):
        raise InvitationNotUsable("this invitation was used already", reason="used")
    await uow.users.set_password(user, password_hash)
    # A new password ends whatever was signed in before (it may be a reset after a leak).
    ended = await uow.sessions.end_all(user.name)
    uow.record(PasswordSet(actor=user.name, paper=None, user=user.name, sessions_ended=ended))
    return user
