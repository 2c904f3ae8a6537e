"""Forms residents submitted at a kiosk (issue 17): one row per receipt, the answers as codes
and values (``sync.protocol.SubmitForm``), rendered in German only when staff read them.

Revision ID: 0013_forms
Revises: 0011_snippets
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_forms"
down_revision = "0011_snippets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_submissions",
        sa.Column("receipt", sa.String(16), primary_key=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("case_number", sa.String(32), nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(40), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="new"),
    )
    op.create_index("ix_form_submissions_received", "form_submissions", ["received_at"])
    op.create_index("ix_form_submissions_case", "form_submissions", ["case_number"])


def downgrade() -> None:
    op.drop_index("ix_form_submissions_case", "form_submissions")
    op.drop_index("ix_form_submissions_received", "form_submissions")
    op.drop_table("form_submissions")
