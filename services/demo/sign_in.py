"""How a newcomer signs in to the demo: every demo person gets one known password, on a
developer's machine only (anywhere else they get invitation links from an admin)."""

from __future__ import annotations

from collections.abc import Callable

from services.bootstrap import Accord
from services.demo import content
from workflows.invitations import accept_invitation, invite

# Known to everyone who reads this file: never set outside development.
DEMO_PASSWORD = "urban-safety-demo"

# One person per role, as the board's sign-in hint names them.
WHO = (
    ("author", content.AUTHORS[0][0], "writes English sections"),
    ("reviewer", content.REVIEWERS[0][0], "comments, suggests, approves"),
    ("translator", content.TRANSLATORS[0][0], "keeps the Spanish in step"),
    ("secretariat", content.SECRETARIAT[0][0], "publishes versions"),
)


def _everyone() -> list[str]:
    groups = (content.AUTHORS, content.REVIEWERS, content.TRANSLATORS, content.SECRETARIAT)
    return [name for group in groups for name, _, _ in group]


async def give_passwords(accord: Accord) -> None:
    """Set the demo password for every demo person, through an invitation each accepts."""
    for name in _everyone():
        async with accord.transaction() as uow:
            user = await uow.users.get(name)
            if user is not None and await uow.users.password_hash(user) is None:
                invitation = await invite(name, uow, accord.signin)
                await accept_invitation(invitation.token, DEMO_PASSWORD, uow, accord.signin)


async def announce_sign_in(accord: Accord, announce: Callable[[str], None]) -> None:
    """Where the board is, and how to sign in as each of the demo's people."""
    board = accord.settings.board_url + "/"
    announce(f"board:             {board}")
    if accord.settings.environment == "development":
        await give_passwords(accord)
        announce(f"sign in with the password {DEMO_PASSWORD!r} (development only) as:")
    else:
        announce("sign in with an invitation link (`accord users invite NAME`) as:")
    for role, name, what in WHO:
        announce(f"  {role:12} {name:18} {what}")
