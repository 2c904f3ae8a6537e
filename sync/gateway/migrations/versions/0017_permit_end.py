"""The end date of a case's residence permit (issue 15: a walk-in ticket taken after a lookup
counts as urgent when the permit or the Fiktion ends soon), imported and synced like the
Fiktion's date.

Revision ID: 0017_permit_end
Revises: 0016_form_states
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_permit_end"
down_revision = "0016_form_states"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("permit_valid_until", sa.Date, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("permit_valid_until")
