"""The JSON shapes of signing in: sessions, invitations and named tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from drafts.people import MAX_PASSWORD_LENGTH, MAX_TOKEN_NAME_LENGTH, ApiToken, Session
from services.api.schemas import Strict
from services.api.user_schemas import UserOut
from workflows.invitations import NewInvitation
from workflows.signin import MAX_LOGIN_LENGTH

Secret = Annotated[str, StringConstraints(min_length=1, max_length=200)]
# Longer than any acceptable password, so that the policy (not the schema) says what is
# wrong, yet bounded: hashing a huge body would be work for nothing.
Password = Annotated[str, StringConstraints(max_length=4 * MAX_PASSWORD_LENGTH)]


class SignInIn(Strict):
    login: Annotated[str, StringConstraints(min_length=1, max_length=MAX_LOGIN_LENGTH)] = Field(
        description="The user name or e-mail address", examples=["amina"]
    )
    password: Password


class SessionOut(BaseModel):
    id: int
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime = Field(description="The absolute end, however busy the session")
    ends_at: dt.datetime = Field(description="When it ends if nothing more is done with it")
    client: str
    user_agent: str
    current: bool = Field(description="Whether this is the session of the request")

    @classmethod
    def of(cls, session: Session, idle: dt.timedelta, current: int | None) -> SessionOut:
        assert session.id is not None
        return cls(
            id=session.id,
            created_at=session.created_at,
            last_seen_at=session.last_seen_at,
            expires_at=session.expires_at,
            ends_at=session.ends_at(idle),
            client=session.client,
            user_agent=session.user_agent,
            current=session.id == current,
        )


class SignedInOut(BaseModel):
    user: UserOut
    session: SessionOut
    csrf_token: str = Field(
        description="Send it as the X-CSRF-Token header with every state-changing request "
        "made with the session cookie"
    )


class SessionsOut(BaseModel):
    items: list[SessionOut]


class SignedOutOut(BaseModel):
    user: str
    ended: int = Field(description="How many sessions ended")


class InvitationOut(BaseModel):
    user: str
    url: str = Field(description="The one-time link to send the person; shown once")
    token: str = Field(description="The secret part of the link, for clients of the API")
    expires_at: dt.datetime

    @classmethod
    def of(cls, new: NewInvitation) -> InvitationOut:
        return cls(
            user=new.invitation.user, url=new.url, token=new.token, expires_at=new.expires_at
        )


class AcceptInvitationIn(Strict):
    token: Secret = Field(description="The secret part of the invitation link")
    password: Password


class AcceptedOut(BaseModel):
    user: str


class TokenIn(Strict):
    name: Annotated[str, StringConstraints(max_length=MAX_TOKEN_NAME_LENGTH)] = Field(
        default="", description="What the token is for, to tell it apart in the list"
    )
    expires_in_days: int | None = Field(
        default=None,
        ge=1,
        le=3650,
        description="Days until it stops working; absent: ACCORD_TOKEN_DAYS (90); "
        "null: until revoked",
    )


class TokenInfoOut(BaseModel):
    id: int
    user: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime | None = Field(description="null: valid until revoked")
    revoked_at: dt.datetime | None
    status: str = Field(description="active, expired or revoked")

    @classmethod
    def of(cls, token: ApiToken, now: dt.datetime) -> TokenInfoOut:
        return cls(
            id=token.id,
            user=token.user,
            name=token.name,
            created_at=token.created_at,
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
            status=token.status(now).value,
        )


class NewTokenOut(TokenInfoOut):
    token: str | None = Field(
        description="The new bearer token, shown only in the first answer; null on a replay"
    )


class TokensOut(BaseModel):
    items: list[TokenInfoOut]
