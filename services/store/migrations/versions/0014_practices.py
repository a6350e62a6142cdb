"""a paper's catalogue of practices, and their texts in its languages

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "practices",
        sa.Column("id", SERIAL, nullable=False),
        sa.Column("paper_id", SERIAL, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("source_language", sa.String(length=8), nullable=False),
        sa.Column("region", sa.String(length=3), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.Column("actors", sa.String(length=400), nullable=False),
        sa.Column("approaches", sa.String(length=400), nullable=False),
        sa.Column("evidence", JSON, nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("proposed_by", sa.String(length=64), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_by", sa.String(length=64), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name=op.f("fk_practices_paper_id_papers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practices")),
        sa.UniqueConstraint("paper_id", "key", name=op.f("uq_practices_paper_id")),
    )
    op.create_index(op.f("ix_practices_paper_id"), "practices", ["paper_id"], unique=False)
    op.create_table(
        "practice_texts",
        sa.Column("id", SERIAL, nullable=False),
        sa.Column("practice_id", SERIAL, nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("outcomes", JSON, nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practices.id"],
            name=op.f("fk_practice_texts_practice_id_practices"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_texts")),
        sa.UniqueConstraint("practice_id", "language", name=op.f("uq_practice_texts_practice_id")),
    )


def downgrade() -> None:
    op.drop_table("practice_texts")
    op.drop_index(op.f("ix_practices_paper_id"), table_name="practices")
    op.drop_table("practices")
