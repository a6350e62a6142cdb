"""how a paper is printed: its distribution and its house style

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("papers", schema=None) as batch_op:
        # Every paper so far was printed "Distr.: General".
        batch_op.add_column(
            sa.Column("distribution", sa.String(16), nullable=False, server_default="general")
        )
        batch_op.add_column(
            sa.Column(
                "house_style",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("papers", schema=None) as batch_op:
        batch_op.drop_column("house_style")
        batch_op.drop_column("distribution")
