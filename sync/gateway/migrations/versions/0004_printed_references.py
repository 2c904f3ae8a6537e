"""References printed on kiosk papers (checklists, appointment confirmations), so staff who
scan the QR code can look up the case: bound to the case by number, as bookings are.

Revision ID: 0004
Revises: 0003
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
        "printed_references",
        sa.Column("reference", sa.String(16), primary_key=True),
        sa.Column("case_number", sa.String(32), nullable=False),
        sa.Column("documents", sa.JSON, nullable=False),
        sa.Column("booking_id", sa.String(32), nullable=True),
        sa.Column("device_id", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_printed_references_case", "printed_references", ["case_number"])


def downgrade() -> None:
    op.drop_table("printed_references")
