"""Call displays (issue 15): every call of a walk-in ticket, numbered in commit order, for the
waiting room's displays to read with a cursor (``sync/gateway/walk_in_calls.py``). Displays
enroll with a code of kind ``display`` (``devices.kind`` is a free string already).

Revision ID: 0014_displays
Revises: 0013_forms
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_displays"
down_revision = "0013_forms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "walk_in_calls",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("ticket_id", sa.String(32), nullable=False),
        sa.Column("label", sa.String(8), nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("counter_name", sa.String(80), nullable=False),
        sa.Column("call_number", sa.Integer, nullable=False),
        sa.Column("called_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("walk_in_calls")
