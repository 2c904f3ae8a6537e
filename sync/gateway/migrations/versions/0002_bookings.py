"""Appointment bookings and slot leases; counters (desks) per service; the case's active
bookings denormalised for the change feed.

Two bookings can never hold one slot, and a case never holds two active bookings of one
service: partial unique indexes (``WHERE active``) enforce it in the database itself, on
SQLite and PostgreSQL alike.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)
_ACTIVE = sa.text("active")


def upgrade() -> None:
    op.add_column("services", sa.Column("counters", sa.Integer, nullable=False, server_default="2"))
    op.add_column(
        "cases", sa.Column("bookings", sa.JSON, nullable=False, server_default=sa.text("'[]'"))
    )
    op.create_table(
        "bookings",
        sa.Column("booking_id", sa.String(32), primary_key=True),
        # Bound to the case by its number: lookup keys change when the pepper rotates.
        sa.Column("case_number", sa.String(32), nullable=False),
        # NULL only for a cancellation that arrived before its booking (a tombstone).
        sa.Column("service", sa.String(64), nullable=True),
        sa.Column("slot_id", sa.String(100), nullable=True),
        sa.Column("start", sa.DateTime(timezone=False), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("device_id", sa.String(40), nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
    )
    op.create_index(
        "uq_bookings_active_slot",
        "bookings",
        ["slot_id"],
        unique=True,
        sqlite_where=_ACTIVE,
        postgresql_where=_ACTIVE,
    )
    op.create_index(
        "uq_bookings_active_case_service",
        "bookings",
        ["case_number", "service"],
        unique=True,
        sqlite_where=_ACTIVE,
        postgresql_where=_ACTIVE,
    )
    op.create_index("ix_bookings_start", "bookings", ["start"])
    op.create_index("ix_bookings_case", "bookings", ["case_number"])
    op.create_table(
        "slot_leases",
        sa.Column("slot_id", sa.String(100), primary_key=True),
        sa.Column("device_id", sa.String(40), nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("start", sa.DateTime(timezone=False), nullable=False),
        sa.Column("expires_at", _TZ, nullable=False),
        sa.Column("granted_at", _TZ, nullable=False),
    )
    op.create_index("ix_slot_leases_device", "slot_leases", ["device_id"])
    op.create_index("ix_slot_leases_expires", "slot_leases", ["expires_at"])


def downgrade() -> None:
    op.drop_table("slot_leases")
    op.drop_table("bookings")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("bookings")
    with op.batch_alter_table("services") as batch:
        batch.drop_column("counters")
