"""the dispatcher's record of each consequence of each event

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consequences",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("event_name", sa.String(length=64), nullable=False),
        sa.Column("paper", sa.String(length=64), nullable=True),
        sa.Column("handler", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_consequences_event_id_events")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consequences")),
        sa.UniqueConstraint("event_id", "handler", name=op.f("uq_consequences_event_id")),
    )
    with op.batch_alter_table("consequences", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consequences_status_available", ["status", "available_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("consequences", schema=None) as batch_op:
        batch_op.drop_index("ix_consequences_status_available")
    op.drop_table("consequences")
