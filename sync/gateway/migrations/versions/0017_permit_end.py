"""The permit's end date on a case (issue 17): the import reads ``Aufenthaltstitel gültig bis``
where the office exports it; kiosks get it with the case and print "received in time" on the
receipt of an extension application made before it (§ 81 (4) AufenthG).

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
