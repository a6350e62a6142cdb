"""The rules of signing in, without a database: passwords, delays, expiry, argon2id."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from drafts.errors import InvalidRequest, InvitationNotUsable
from drafts.model import User
from drafts.people import (
    ApiToken,
    Invitation,
    Session,
    Throttle,
    ThrottlePolicy,
    TokenStatus,
    check_password,
)
from workflows.passwords import Passwords

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
AMINA = User(name="amina", email="amina.diallo@example.org")


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short phrase", "at least 14"),
        ("my name is amina, hello", "user name"),
        ("AMINA.DIALLO is my handle", "user name or e-mail"),
        ("aaaaaaaaaaaaaaaaaaaa", "too easy"),
        ("abababababababab", "too easy"),
        ("password12345", "at least 14"),
        ("x" * 257, "at most 256"),
        ("a long phrase\x00with a NUL", "U+0000"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, why: str) -> None:
    with pytest.raises(InvalidRequest, match=re.escape(why)):
        check_password(password, AMINA, min_length=14)


def test_a_long_phrase_passes_and_is_normalized() -> None:
    assert check_password("quiet rivers run deep", AMINA, min_length=14)
    # "é" composed and decomposed are one password, as NIST SP 800-63B asks.
    composed, decomposed = (
        "caf\u00e9 au lait, s'il vous pla\u00eet",
        "cafe\u0301 au lait, s'il vous plai\u0302t",
    )
    assert check_password(composed, AMINA, min_length=14) == check_password(
        decomposed, AMINA, min_length=14
    )


def test_delays_double_after_the_free_failures_up_to_the_cap() -> None:
    policy = ThrottlePolicy(3, timedelta(seconds=10), timedelta(hours=1))
    assert [policy.delay(n).total_seconds() for n in range(8)] == [0, 0, 0, 1, 2, 4, 8, 10]
    assert policy.delay(10_000) == timedelta(seconds=10)  # no overflow however many


def test_a_throttle_waits_from_the_last_failure_and_forgets_after_a_quiet_hour() -> None:
    policy = ThrottlePolicy(2, timedelta(minutes=15), timedelta(hours=1))
    throttle = Throttle("account:amina")
    for _ in range(2):
        assert throttle.wait(T0, policy) == timedelta(0)
        throttle.failed(T0, policy)
    assert throttle.wait(T0, policy) == timedelta(seconds=1)
    t1 = T0 + timedelta(seconds=1)
    throttle.failed(t1, policy)
    assert throttle.failures == 3
    assert throttle.wait(t1, policy) == timedelta(seconds=2)
    assert throttle.wait(t1 + timedelta(seconds=1.5), policy) == timedelta(seconds=0.5)
    assert throttle.wait(t1 + timedelta(seconds=2), policy) == timedelta(0)
    later = t1 + timedelta(hours=1)
    assert throttle.wait(later, policy) == timedelta(0)
    throttle.failed(later, policy)
    assert throttle.failures == 1  # a fresh start


def test_a_session_ends_when_idle_or_at_its_absolute_end() -> None:
    session = Session("amina", T0, T0, T0 + timedelta(hours=12))
    idle = timedelta(hours=2)
    assert session.is_live(T0 + timedelta(minutes=119), idle)
    assert not session.is_live(T0 + timedelta(minutes=120), idle)
    session.last_seen_at = T0 + timedelta(hours=11)
    assert session.ends_at(idle) == T0 + timedelta(hours=12)
    assert not session.is_live(T0 + timedelta(hours=12), idle)


def test_an_invitation_is_usable_once_and_until_it_expires() -> None:
    invitation = Invitation("amina", "admin", T0, T0 + timedelta(hours=72))
    invitation.check_usable(T0 + timedelta(hours=71))
    with pytest.raises(InvitationNotUsable) as expired:
        invitation.check_usable(T0 + timedelta(hours=72))
    assert expired.value.extra == {"reason": "expired"}
    invitation.used_at = T0
    with pytest.raises(InvitationNotUsable) as used:
        invitation.check_usable(T0)
    assert used.value.extra == {"reason": "used"}


def test_a_token_is_active_until_it_expires_or_is_revoked() -> None:
    token = ApiToken(1, "amina", "CI", T0, expires_at=T0 + timedelta(days=1))
    assert token.status(T0) is TokenStatus.ACTIVE
    assert token.status(T0 + timedelta(days=1)) is TokenStatus.EXPIRED
    assert ApiToken(2, "amina", "", T0).status(T0 + timedelta(days=9999)) is TokenStatus.ACTIVE
    token.revoked_at = T0
    assert token.status(T0) is TokenStatus.REVOKED


def test_the_default_hash_is_argon2id_at_rfc_9106_cost() -> None:
    hasher = PasswordHasher()
    stored = hasher.hash("quiet rivers run deep")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


async def test_a_weaker_hash_is_replaced_at_the_next_sign_in() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    strong = Passwords(PasswordHasher(time_cost=2, memory_cost=16384, parallelism=1))
    stored = weak.hash("quiet rivers run deep")
    verdict = await strong.verify(stored, "quiet rivers run deep")
    assert verdict.matches and verdict.rehashed is not None
    assert "m=16384,t=2" in verdict.rehashed
    assert not (await strong.verify(stored, "quiet rivers run wide")).matches
    assert not (await strong.verify(None, "anything")).matches  # no account: a decoy check
    assert not (await strong.verify(stored, "\ud800")).matches  # unencodable: no match, no 500
