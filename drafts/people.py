"""How people prove who they are: passwords, invitations, sessions, named bearer tokens,
and the growing delays after failed sign-ins. Pure rules; the workflows store them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from drafts.errors import InvalidRequest, InvitationNotUsable
from drafts.model import User
from drafts.text import check_storable

# A passphrase of a few words fits easily; far longer only costs hashing time.
MAX_PASSWORD_LENGTH = 256
MAX_TOKEN_NAME_LENGTH = 100
# A handful of the most common long passwords: refused outright (NIST SP 800-63B asks for
# a check against known-bad values; length does the rest).
_COMMON = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678901234",
        "qwertyuiopas",
        "qwertyuiop123",
        "password1234",
        "password12345",
        "passwordpassword",
        "iloveyou1234",
        "aaaaaaaaaaaa",
        "abcdefghijkl",
        "abc123abc123",
        "letmein12345",
        "welcome12345",
        "changeme1234",
    }
)


def normalized_password(password: str) -> str:
    """The password as it is hashed: NFKC-normalized, so that the same characters typed on
    another keyboard (composed or not) still match (NIST SP 800-63B, 5.1.1.2)."""
    return unicodedata.normalize("NFKC", password)


def check_password(password: str, user: User, *, min_length: int) -> str:
    """The normalized password if it is acceptable for `user`, else InvalidRequest saying why.

    Length is what makes a password strong; no rules about character classes (they make
    passwords harder to remember, not to guess), but nothing built from the person's own
    name or address, one repeated character, or a well-known password.
    """
    password = normalized_password(password)
    if len(password) < min_length:
        raise InvalidRequest(f"a password needs at least {min_length} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidRequest(f"a password may have at most {MAX_PASSWORD_LENGTH} characters")
    check_storable(password, "password")  # NUL and lone surrogates: argon2 hashes bytes
    folded = password.casefold()
    local_part = user.email.split("@", 1)[0].casefold()
    if user.name.casefold() in folded or (len(local_part) >= 4 and local_part in folded):
        raise InvalidRequest("a password must not contain your user name or e-mail address")
    if len(set(folded)) < 4 or folded in _COMMON:
        raise InvalidRequest("this password is too easy to guess; choose a longer phrase")
    return password


def check_token_name(name: str) -> str:
    name = name.strip()
    if len(name) > MAX_TOKEN_NAME_LENGTH or not name.isprintable():
        raise InvalidRequest(
            f"a token name is at most {MAX_TOKEN_NAME_LENGTH} printable characters"
        )
    return name


@dataclass
class Session:
    """A signed-in browser. Only a hash of its id is stored; the id lives in the cookie."""

    user: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime  # the absolute end, however busy the session is
    id: int | None = None
    client: str = ""
    user_agent: str = ""

    def ends_at(self, idle: timedelta) -> datetime:
        """When the session ends if nothing more is done with it."""
        return min(self.expires_at, self.last_seen_at + idle)

    def is_live(self, now: datetime, idle: timedelta) -> bool:
        return now < self.ends_at(idle)


@dataclass
class Invitation:
    """A one-time link to set a password; its secret is stored only as a hash."""

    user: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    id: int | None = None
    used_at: datetime | None = None

    def check_usable(self, now: datetime) -> None:
        if self.used_at is not None:
            raise InvitationNotUsable(
                "this invitation was used already: sign in, or ask for a new one",
                reason="used",
            )
        if now >= self.expires_at:
            raise InvitationNotUsable(
                "this invitation has expired: ask the secretariat or an admin for a new one",
                reason="expired",
            )


class TokenStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass
class ApiToken:
    """A bearer token for a program, as its owner sees it (never the secret itself)."""

    id: int
    user: str
    name: str
    created_at: datetime
    expires_at: datetime | None = None  # None: until revoked (tokens from before expiry)
    revoked_at: datetime | None = None

    def status(self, now: datetime) -> TokenStatus:
        if self.revoked_at is not None:
            return TokenStatus.REVOKED
        if self.expires_at is not None and now >= self.expires_at:
            return TokenStatus.EXPIRED
        return TokenStatus.ACTIVE


@dataclass(frozen=True)
class ThrottlePolicy:
    """After `free_failures` failures in a row, each further attempt waits twice as long as
    the one before (`first_delay`, then twice that, ...: 1 s, 2 s, 4 s by default) up to
    `max_delay`. A key quiet for `forget_after` starts again from nothing.

    Delays are capped rather than locking an account for good, so that an attacker who
    knows a name can slow its owner down but never shut them out.
    """

    free_failures: int
    max_delay: timedelta
    forget_after: timedelta
    first_delay: timedelta = timedelta(seconds=1)

    def delay(self, failures: int) -> timedelta:
        if failures < self.free_failures:
            return timedelta(0)
        exponent = min(failures - self.free_failures, 32)
        return min(self.first_delay * (1 << exponent), self.max_delay)


@dataclass
class Throttle:
    """Failed sign-ins in a row for one key: an account, or a client address."""

    key: str
    failures: int = 0
    last_failure_at: datetime | None = None

    def _forgotten(self, now: datetime, policy: ThrottlePolicy) -> bool:
        return self.last_failure_at is None or now - self.last_failure_at >= policy.forget_after

    def wait(self, now: datetime, policy: ThrottlePolicy) -> timedelta:
        """How long before the next attempt may be checked; zero when it may now."""
        delay = policy.delay(self.failures)
        if not delay or self._forgotten(now, policy):
            return timedelta(0)
        assert self.last_failure_at is not None
        due = self.last_failure_at + delay
        return max(due - now, timedelta(0))

    def failed(self, now: datetime, policy: ThrottlePolicy) -> None:
        self.failures = 1 if self._forgotten(now, policy) else self.failures + 1
        self.last_failure_at = now
