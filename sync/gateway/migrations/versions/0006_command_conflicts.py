"""What a refused (or voided) command was about, so staff can act on it: the case number,
booking, slot or reference it named. Kiosks park such a command; the gateway lists it
(``kiosk-app gateway conflicts``), for example a booking a restore from backup lost and another
booking took meanwhile.

Revision ID: 0006_command_conflicts
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_command_conflicts"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("command_log", sa.Column("detail", sa.Text, nullable=True))


def downgrade() -> None:
    op.drop_column("command_log", "detail")
