"""The forms inbox's processing state (issue 17): who last changed a form's ``status`` (new /
in progress / done) at the counter, and when (``sync/gateway/forms.py``).

Revision ID: 0016_form_states
Revises: 0015_ticket_leases
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_form_states"
down_revision = "0015_ticket_leases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("form_submissions") as batch:
        batch.add_column(sa.Column("status_changed_by", sa.String(80), nullable=True))
        batch.add_column(sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("form_submissions") as batch:
        batch.drop_column("status_changed_at")
        batch.drop_column("status_changed_by")
