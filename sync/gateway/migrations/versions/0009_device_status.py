"""The fleet view (issue 18): ``device_status`` keeps the latest report each device sent about
itself (``PUT /v1/device-status``): its kind, version, printer, outbox backlog, last sync and
whether it thought itself online. One row per device, replaced by each report.

Revision ID: 0009_device_status
Revises: 0008_usage
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_device_status"
down_revision = "0008_usage"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_status",
        sa.Column("device_id", sa.String(40), sa.ForeignKey("devices.device_id"), primary_key=True),
        sa.Column("device_kind", sa.String(16), nullable=False),
        sa.Column("app_version", sa.String(40), nullable=False),
        sa.Column("printer", sa.String(16), nullable=False),
        sa.Column("outbox_backlog", sa.BigInteger, nullable=False),
        sa.Column("oldest_pending_s", sa.BigInteger, nullable=True),
        sa.Column("last_sync_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("online", sa.Boolean, nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("device_status")
