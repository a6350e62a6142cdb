"""people's sign-in: passwords, invitations, sessions, sign-in throttles; named, expiring
bearer tokens

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Existing tokens keep working: no name, no expiry.
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("expires_at", _MOMENT, nullable=True))
    op.create_table(
        "passwords",
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("set_at", _MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_name"], ["users.name"], name=op.f("fk_passwords_user_name_users")
        ),
        sa.PrimaryKeyConstraint("user_name", name=op.f("pk_passwords")),
    )
    op.create_table(
        "invitations",
        sa.Column("id", _ID, nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("expires_at", _MOMENT, nullable=False),
        sa.Column("used_at", _MOMENT, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_name"], ["users.name"], name=op.f("fk_invitations_user_name_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    op.create_index(op.f("ix_invitations_user_name"), "invitations", ["user_name"])
    op.create_table(
        "sessions",
        sa.Column("id", _ID, nullable=False),
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("last_seen_at", _MOMENT, nullable=False),
        sa.Column("expires_at", _MOMENT, nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_name"], ["users.name"], name=op.f("fk_sessions_user_name_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sa.UniqueConstraint("id_hash", name=op.f("uq_sessions_id_hash")),
    )
    op.create_index(op.f("ix_sessions_user_name"), "sessions", ["user_name"])
    op.create_table(
        "sign_in_throttles",
        sa.Column("key", sa.String(length=320), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", _MOMENT, nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_throttles")),
    )
    op.create_index(
        op.f("ix_sign_in_throttles_last_failure_at"), "sign_in_throttles", ["last_failure_at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_throttles_last_failure_at"), table_name="sign_in_throttles")
    op.drop_table("sign_in_throttles")
    op.drop_index(op.f("ix_sessions_user_name"), table_name="sessions")
    op.drop_table("sessions")
    op.drop_index(op.f("ix_invitations_user_name"), table_name="invitations")
    op.drop_table("invitations")
    op.drop_table("passwords")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
        batch_op.drop_column("name")
