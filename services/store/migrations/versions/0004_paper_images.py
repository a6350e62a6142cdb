"""images a paper's text may show, and their bytes kept by hash

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "image_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_image_blobs")),
    )
    op.create_table(
        "paper_images",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("paper_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("stored_by", sa.String(length=64), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name=op.f("fk_paper_images_paper_id_papers")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["image_blobs.sha256"], name=op.f("fk_paper_images_sha256_image_blobs")
        ),
        sa.ForeignKeyConstraint(
            ["stored_by"], ["users.name"], name=op.f("fk_paper_images_stored_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_images")),
        sa.UniqueConstraint("paper_id", "name", name=op.f("uq_paper_images_paper_id")),
    )


def downgrade() -> None:
    op.drop_table("paper_images")
    op.drop_table("image_blobs")
