"""Initial gateway schema: cases and change feed, dataset, devices, enrollment, command log,
document catalog and services.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    counter = op.create_table(
        "change_counter",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(counter, [{"id": 1, "value": 0}])
    op.create_table(
        "dataset",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("epoch", sa.Integer, nullable=False),
        sa.Column("pepper", sa.LargeBinary(64), nullable=False),
        sa.Column("rotated_at", _TZ, nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("case_number", sa.String(32), primary_key=True),
        sa.Column("birth_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("status_changed_on", sa.Date, nullable=False),
        sa.Column("permit_type", sa.String(64), nullable=False),
        sa.Column("missing_documents", sa.JSON, nullable=False),
        sa.Column("next_appointment", sa.DateTime(timezone=False), nullable=True),
        sa.Column("fiktion_valid_until", sa.Date, nullable=True),
        sa.Column("lookup_key", sa.String(64), nullable=False, unique=True),
        sa.Column("change_seq", sa.BigInteger, nullable=False, unique=True),
        sa.Column("removed", sa.Boolean, nullable=False),
    )
    op.create_table(
        "retired_keys",
        sa.Column("lookup_key", sa.String(64), primary_key=True),
        sa.Column("change_seq", sa.BigInteger, nullable=False, unique=True),
    )
    op.create_table(
        "devices",
        sa.Column("device_id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("enrolled_at", _TZ, nullable=False),
        sa.Column("revoked_at", _TZ, nullable=True),
        sa.Column("last_applied_seq", sa.BigInteger, nullable=False),
        sa.Column("last_seen", _TZ, nullable=True),
    )
    op.create_table(
        "enrollment_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("expires_at", _TZ, nullable=False),
        sa.Column("used_at", _TZ, nullable=True),
        sa.Column("device_id", sa.String(40), nullable=True),
    )
    op.create_table(
        "command_log",
        sa.Column("device_id", sa.String(40), sa.ForeignKey("devices.device_id"), primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("response", sa.Text, nullable=False),
        sa.Column("applied_at", _TZ, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("names", sa.JSON, nullable=False),
        sa.Column("explanations", sa.JSON, nullable=False),
    )
    op.create_table(
        "services",
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("names", sa.JSON, nullable=False),
        sa.Column("duration_minutes", sa.Integer, nullable=False),
        sa.Column("working_hours", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "services",
        "documents",
        "command_log",
        "enrollment_codes",
        "devices",
        "retired_keys",
        "cases",
        "dataset",
        "change_counter",
    ):
        op.drop_table(table)
