"""The walk-in queue (issue 15): walk-in services with their daily quota, issuing hours and
urgent share, and the tickets (no personal data).

Revision ID: 0010_walk_in
Revises: 0009_device_status
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_walk_in"
down_revision = "0009_device_status"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "walk_in_services",
        sa.Column("service", sa.String(64), primary_key=True),
        sa.Column("letter", sa.String(1), nullable=False, unique=True),
        sa.Column("daily_quota", sa.Integer, nullable=False),
        sa.Column("issue_from", sa.String(5), nullable=False),
        sa.Column("issue_until", sa.String(5), nullable=False),
        sa.Column("urgent_share", sa.Integer, nullable=False),
        sa.Column("urgent_days", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "walk_in_tickets",
        sa.Column("ticket_id", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("issued_for", sa.String(64), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("letter", sa.String(1), nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(40), nullable=False),
        sa.Column("estimate_low", sa.Integer, nullable=False),
        sa.Column("estimate_high", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("calls", sa.Integer, nullable=False),
        sa.Column("called_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_called_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("counter_device_id", sa.String(40), nullable=True),
        sa.Column("counter_name", sa.String(80), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("transferred_from", sa.String(64), nullable=True),
    )
    op.create_index(
        "uq_walk_in_tickets_number",
        "walk_in_tickets",
        ["day", "issued_for", "number"],
        unique=True,
    )
    op.create_index("ix_walk_in_tickets_queue", "walk_in_tickets", ["day", "service", "state"])


def downgrade() -> None:
    op.drop_index("ix_walk_in_tickets_queue", table_name="walk_in_tickets")
    op.drop_index("uq_walk_in_tickets_number", table_name="walk_in_tickets")
    op.drop_table("walk_in_tickets")
    op.drop_table("walk_in_services")
