"""The JSON shapes of users: an account made, read and its tokens revoked; who one is and
in which papers."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from drafts.model import User
from services.api.schemas import Name, Strict


class UserIn(Strict):
    name: Name = Field(examples=["amina"])
    email: Annotated[str, StringConstraints(min_length=3, max_length=254)]
    is_admin: bool = False


class UserOut(BaseModel):
    name: str
    email: str
    is_admin: bool

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(name=user.name, email=user.email, is_admin=user.is_admin)


class NewUserOut(UserOut):
    token: str | None = Field(
        description="The bearer token, shown only in the first answer; null on a replay"
    )


class RevokedOut(BaseModel):
    user: str
    revoked: int = Field(description="How many tokens stopped working")


class MembershipOut(BaseModel):
    paper: str
    roles: list[str]
    languages: dict[str, list[str]] = Field(
        default={}, description="The languages a role is limited to, by role"
    )


class MeOut(UserOut):
    memberships: list[MembershipOut]
