"""Anonymous usage figures for the task force's report (issue 18): ``usage_hourly`` holds counts
per UTC hour, device, kind and dimensions, added up as devices report them.

Revision ID: 0008_usage
Revises: 0007_staff
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_usage"
down_revision = "0007_staff"
branch_labels = None
depends_on = None

_KEY = ("hour", "device_id", "kind", "language", "service", "outcome", "status", "bucket", "detail")


def upgrade() -> None:
    op.create_table(
        "usage_hourly",
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("service", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("bucket", sa.String(32), nullable=False),
        sa.Column("detail", sa.String(32), nullable=False),
        sa.Column("count", sa.BigInteger, nullable=False),
        sa.Column("value_sum", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint(*_KEY),
    )
    op.create_index("ix_usage_hourly_kind_hour", "usage_hourly", ["kind", "hour"])


def downgrade() -> None:
    op.drop_index("ix_usage_hourly_kind_hour", table_name="usage_hourly")
    op.drop_table("usage_hourly")
