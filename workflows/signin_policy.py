"""The installation's sign-in settings, shared by invitations, sign-in and sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from drafts.people import ThrottlePolicy
from workflows.passwords import Passwords
from workflows.tokens import TokenMinter


@dataclass(frozen=True)
class SignInPolicy:
    """The installation's sign-in settings and the secrets that go with them."""

    tokens: TokenMinter  # keys the hashes of session ids and invitation secrets
    passwords: Passwords
    public_url: str  # where the board is served; invitation links start with it
    session_idle: timedelta = timedelta(hours=2)
    session_max: timedelta = timedelta(hours=12)
    invitation_valid: timedelta = timedelta(hours=72)
    password_min_length: int = 12
    account: ThrottlePolicy = ThrottlePolicy(5, timedelta(minutes=15), timedelta(hours=1))
    client: ThrottlePolicy = ThrottlePolicy(20, timedelta(minutes=15), timedelta(hours=1))

    def invitation_url(self, token: str) -> str:
        return f"{self.public_url.rstrip('/')}/invitations/{token}"

    @property
    def touch_every(self) -> timedelta:
        """How stale a session's last-seen time may be: writing it on every request would
        cost a write per read, and a minute is nothing against an idle limit of hours."""
        return min(timedelta(minutes=1), self.session_idle / 10)


def now_or(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)
