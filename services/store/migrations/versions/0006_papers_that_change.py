"""papers that change: roles per language, retired sections, edited comments, and how a
draft shows a text not yet translated

Revision ID: 0006
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("languages", JSON, nullable=True))
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("papers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("untranslated", sa.String(length=16), nullable=False, server_default="source")
        )


def downgrade() -> None:
    with op.batch_alter_table("papers", schema=None) as batch_op:
        batch_op.drop_column("untranslated")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_column("edited_at")
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.drop_column("retired_at")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("languages")
