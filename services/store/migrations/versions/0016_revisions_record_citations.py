"""each revision records the practices its text cites

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01

The status matrix and the coverage report show which practices the current texts cite.
They found them by reading and parsing every current body of the paper: 6,000 bodies
for a paper of 1,000 sections in six languages, even for a page of 100 sections. A
revision is immutable, so what it cites is found once, when it is written, and kept on
its row; the overviews read only the keys, with the rest of each current revision.

The revisions already stored are parsed here, in batches, by the domain's own rule
(`cited_keys`), so that there is one rule of what counts as a citation. Only a body
that names "practice:" can cite anything; the others keep the empty list.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from drafts.practice_citations import cited_keys

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
BATCH = 500


def upgrade() -> None:
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cited", JSON, server_default="[]", nullable=False))
    backfill(op.get_bind())


def backfill(bind: sa.Connection) -> None:
    """Record what each stored revision cites, a batch of bodies at a time."""
    revisions = sa.table(
        "revisions", sa.column("id", sa.BigInteger), sa.column("body"), sa.column("cited", JSON)
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(revisions.c.id, revisions.c.body)
            .where(revisions.c.id > last, revisions.c.body.contains("practice:"))
            .order_by(revisions.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        last = rows[-1].id
        cited = [
            {"row": row.id, "keys": list(keys)} for row in rows if (keys := cited_keys(row.body))
        ]
        if cited:
            bind.execute(
                revisions.update()
                .where(revisions.c.id == sa.bindparam("row"))
                .values(cited=sa.bindparam("keys")),
                cited,
            )


def downgrade() -> None:
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_column("cited")
