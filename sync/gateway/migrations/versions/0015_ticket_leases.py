"""Walk-in ticket leases (issue 15, offline issuing): a block of one service's ticket numbers
for one office day lent to one kiosk, which is also its share of the day's quota
(``sync/gateway/walk_in_leases.py``).

Revision ID: 0015_ticket_leases
Revises: 0014_displays
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_ticket_leases"
down_revision = "0014_displays"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "walk_in_leases",
        sa.Column("lease_id", sa.String(32), primary_key=True),
        sa.Column("device_id", sa.String(40), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("first_number", sa.Integer, nullable=False),
        sa.Column("last_number", sa.Integer, nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_walk_in_leases_day", "walk_in_leases", ["day", "service"])


def downgrade() -> None:
    op.drop_index("ix_walk_in_leases_day", table_name="walk_in_leases")
    op.drop_table("walk_in_leases")
