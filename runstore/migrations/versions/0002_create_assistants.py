"""Create assistants (each user's own, on top of the built-in graphs) and their versions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")
_ID = 36
_OWNER = 255


def _described() -> list[sa.Column[object]]:
    """What each version of an assistant holds."""
    return [
        sa.Column("graph_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text, nullable=True),
        sa.Column("config", _JSON, nullable=False),
        sa.Column("context", _JSON, nullable=False),
        sa.Column("metadata", _JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "assistants",
        sa.Column("owner_id", sa.String(_OWNER), nullable=False),
        sa.Column("assistant_id", sa.String(_ID), nullable=False),
        *_described(),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", "assistant_id", name="pk_assistants"),
    )
    op.create_index(
        "ix_assistants_owner_id_created_at", "assistants", ["owner_id", "created_at"]
    )
    op.create_table(
        "assistant_versions",
        sa.Column("owner_id", sa.String(_OWNER), nullable=False),
        sa.Column("assistant_id", sa.String(_ID), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        *_described(),
        sa.PrimaryKeyConstraint(
            "owner_id", "assistant_id", "version", name="pk_assistant_versions"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id", "assistant_id"],
            ["assistants.owner_id", "assistants.assistant_id"],
            name="fk_assistant_versions_owner_id_assistant_id_assistants",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("assistant_versions")
    op.drop_index("ix_assistants_owner_id_created_at", table_name="assistants")
    op.drop_table("assistants")
