"""The handlers, wired to an in-memory unit of work: fast checks of what each command does."""

from __future__ import annotations

import pytest

from drafts.commands import AddSection, CreatePaper, CreateUser, SaveRevision, SetMemberRoles
from drafts.errors import AlreadyExists, Forbidden, NotFound, TooLarge
from drafts.model import User
from tests.unit.fakes import FakeUnitOfWork
from workflows.drafting import save_revision
from workflows.outline import add_section
from workflows.papers import create_paper, set_member_roles
from workflows.tokens import TokenMinter
from workflows.users import SYSTEM_ACTOR, authenticate, create_user

TOKENS = TokenMinter("unit-test-secret")


async def setup_paper() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    for name, admin in (("root", True), ("ann", False), ("tom", False)):
        await create_user(
            CreateUser(actor=SYSTEM_ACTOR, name=name, email=f"{name}@example.org", is_admin=admin),
            uow,
            TOKENS,
        )
    root = User(name="root", email="root@example.org", is_admin=True)
    await create_paper(
        CreatePaper(
            actor="root",
            slug="p",
            titles={"en": "Paper"},
            source_language="en",
            languages=("en", "fr"),
        ),
        uow,
        root,
    )
    await set_member_roles(
        SetMemberRoles(actor="root", paper="p", user="ann", roles=("author",)), uow
    )
    await add_section(
        AddSection(actor="root", paper="p", key="intro", titles={"en": "Intro"}, authors=("ann",)),
        uow,
    )
    await uow.commit()
    return uow


async def test_a_token_authenticates_its_user_and_only_its_hash_is_kept() -> None:
    uow = FakeUnitOfWork()
    user, token = await create_user(
        CreateUser(actor=SYSTEM_ACTOR, name="ann", email="ann@example.org"), uow, TOKENS
    )
    assert (await authenticate(token, uow, TOKENS)).name == "ann"
    # What the workflow handed the store: the keyed hash, and the token nowhere (the
    # real database is searched row by row in tests/integration/test_token_storage.py).
    assert uow.store.users["ann"][1] == {TOKENS.hash(token)}
    await uow.commit()
    assert token not in repr(vars(uow.store))


async def test_creating_a_paper_makes_its_creator_secretariat_and_logs_events() -> None:
    uow = await setup_paper()
    names = [e.name for e in uow.store.log if e.paper == "p"]
    assert names[:2] == ["PaperCreated", "MembershipChanged"]
    assert "SectionAdded" in names
    paper = await uow.papers.get("p")
    assert paper is not None and "secretariat" in paper.members["root"]


async def test_a_section_gets_a_track_per_language() -> None:
    uow = await setup_paper()
    assert sorted(k[2] for k in uow.store.tracks) == ["en", "fr"]


async def test_a_second_section_with_the_same_key_is_refused() -> None:
    uow = await setup_paper()
    with pytest.raises(AlreadyExists):
        await add_section(
            AddSection(actor="root", paper="p", key="intro", titles={"en": "Again"}), uow
        )


async def test_only_assigned_authors_save_source_text() -> None:
    uow = await setup_paper()
    saved = await save_revision(
        SaveRevision(actor="ann", paper="p", section="intro", language="en", body="Text\r\n"), uow
    )
    assert saved.created and saved.revision.body == "Text\n"
    with pytest.raises(NotFound):
        await save_revision(
            SaveRevision(actor="tom", paper="p", section="intro", language="en", body="x"), uow
        )
    await set_member_roles(
        SetMemberRoles(actor="root", paper="p", user="tom", roles=("author",)), uow
    )
    with pytest.raises(Forbidden):
        await save_revision(
            SaveRevision(
                actor="tom", paper="p", section="intro", language="en", body="x", base_revision=1
            ),
            uow,
        )


class Tripwire:
    """A unit of work that fails the test the moment any repository is touched."""

    def __init__(self) -> None:
        self.touched: list[str] = []

    def __getattr__(self, name: str) -> object:
        self.touched.append(name)
        raise AssertionError(f"the handler used uow.{name}")


async def test_a_body_over_the_limit_is_refused_before_anything_is_read() -> None:
    save = SaveRevision(actor="ann", paper="p", section="intro", language="en", body="x" * 11)
    tripwire = Tripwire()
    with pytest.raises(TooLarge):
        await save_revision(save, tripwire, max_body_bytes=10)
    assert tripwire.touched == []
    # The same wire trips on a body within the limit: the order is what the test sees.
    with pytest.raises(AssertionError, match="uow"):
        await save_revision(save, Tripwire(), max_body_bytes=11)
