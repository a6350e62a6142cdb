"""The schema the migrations make is the one the queries describe, on both databases."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from services.bootstrap import Accord
from services.store.tables import metadata


async def test_the_migrations_make_exactly_the_described_schema(accord: Accord) -> None:
    def differences(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    async with accord.engine.connect() as conn:
        found = await conn.run_sync(differences)
    assert found == []
