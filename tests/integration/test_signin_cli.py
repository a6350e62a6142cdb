"""The operator's side of sign-in: `accord users add`, `invite` and `token` on a real
database, run as the command a person types."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from drafts.errors import InvitationNotUsable
from services.bootstrap import bootstrap
from services.config import Settings
from workflows.invitations import open_invitation
from workflows.users import authenticate

LINK = re.compile(r"^invitation \(one use, until [0-9-]+ [0-9:]+ UTC\): (\S+)$")


def accord(env: dict[str, str], *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "services.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.splitlines()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ACCORD_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'accord.db'}",
        "ACCORD_DATA_DIR": str(tmp_path / "data"),
        "ACCORD_PUBLIC_URL": "https://accord.example.org/",
        "ACCORD_ENVIRONMENT": "development",
    }


async def test_users_add_prints_a_token_and_a_one_time_link(env: dict[str, str]) -> None:
    accord(env, "migrate")
    token, invitation = accord(env, "users", "add", "amina", "--email", "amina@example.org")
    assert token.startswith("acc_")
    first = LINK.match(invitation)
    assert first, invitation
    assert first.group(1).startswith("https://accord.example.org/invitations/acc_")
    (again,) = accord(env, "users", "invite", "amina")
    second = LINK.match(again)
    assert second and second.group(1) != first.group(1)
    (ci,) = accord(env, "users", "token", "amina", "--label", "CI", "--days", "7")
    assert accord(env, "users", "signout", "amina") == ["ended 0 session(s) of amina"]

    app = bootstrap(Settings(database_url=env["ACCORD_DATABASE_URL"]))
    try:
        async with app.uow() as uow:
            with pytest.raises(InvitationNotUsable):  # the new link voided the first
                await open_invitation(first.group(1).rsplit("/", 1)[1], uow, app.signin)
            usable = await open_invitation(second.group(1).rsplit("/", 1)[1], uow, app.signin)
            assert usable.user == "amina"
            assert (await authenticate(token, uow, app.tokens)).name == "amina"
            assert (await authenticate(ci, uow, app.tokens)).name == "amina"
            user = await uow.users.get("amina")
            assert user is not None
            (named, first_token) = await uow.users.tokens(user)
            assert named.name == "CI" and named.expires_at is not None
            assert first_token.expires_at is None
    finally:
        await app.close()
