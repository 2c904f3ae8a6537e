"""Lookup keys of the previous pepper epochs, mapped to their cases for a while.

A kiosk's outbox may still hold commands (offline bookings, documents handed in) made with a
key of the epoch before a rotation; the gateway resolves them through this table.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "previous_keys",
        sa.Column("lookup_key", sa.String(64), primary_key=True),
        sa.Column("case_number", sa.String(32), nullable=False),
        sa.Column("epoch", sa.Integer, nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_previous_keys_retired_at", "previous_keys", ["retired_at"])


def downgrade() -> None:
    op.drop_table("previous_keys")
