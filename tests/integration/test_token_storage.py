"""Only a keyed hash of a token is stored: looked for in every row of every table."""

from __future__ import annotations

import hashlib
import json

import httpx
from sqlalchemy import select

from services.bootstrap import Accord
from services.store.people_tables import TokenRow
from services.store.tables import metadata
from tests.conftest import make_user


async def everything_stored(accord: Accord) -> str:
    """Every value of every row of every table the schema has, as one text."""
    values: list[str] = []
    async with accord.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in await conn.execute(select(table)):
                values += [json.dumps(v, default=str) for v in row]
    return "\n".join(values)


async def test_no_token_is_stored_anywhere_only_its_keyed_hash(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    admin = await make_user(accord, "root", admin=True)
    auth = {"Authorization": f"Bearer {admin}"}
    # Made through the API with an Idempotency-Key, so that the stored first answer (and
    # the audit log) are where a token could leak too.
    created = await client.post(
        "/users",
        json={"name": "amina", "email": "amina@example.org"},
        headers={**auth, "Idempotency-Key": "new-user-1"},
    )
    assert created.status_code == 201, created.text
    renewed = await client.post(
        "/users/amina/tokens", headers={**auth, "Idempotency-Key": "renew-1"}
    )
    assert renewed.status_code in (200, 201), renewed.text
    tokens = [admin, created.json()["token"], renewed.json()["token"]]
    for token in tokens:
        me = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200

    stored = await everything_stored(accord)
    assert "amina@example.org" in stored  # the search does see what is stored
    for token in tokens:
        assert token not in stored
        assert token[len("acc_") :] not in stored
        # Not a bare digest either: a leaked database alone must not confirm a guess.
        assert hashlib.sha256(token.encode()).hexdigest() not in stored
    async with accord.uow() as uow:
        hashes = set(await uow.session.scalars(select(TokenRow.token_hash)))
    assert {accord.tokens.hash(t) for t in tokens} <= hashes
