"""Staff at the counters (issue 14): personal accounts, sessions bound to a counter, the
append-only audit log, documents received at the counter, check-in and no-show of bookings,
the kiosk language of a printed paper, and the kind of each device and enrollment code.

The audit log refuses UPDATE and DELETE by triggers on both databases: not even the gateway's
own code can rewrite what staff did.

Revision ID: 0007_staff
Revises: 0006_command_conflicts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_staff"
down_revision = "0006_command_conflicts"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = [
    f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    for verb in ("UPDATE", "DELETE")
]
_POSTGRES_TRIGGERS = [
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("services", sa.JSON, nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("must_change_password", sa.Boolean, nullable=False),
        sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role IN ('counter', 'supervisor', 'admin')", name="ck_staff_role"),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("session_id", sa.String(32), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("device_id", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_staff_sessions_username", "staff_sessions", ["username"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("device_id", sa.String(40), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("case_number", sa.String(32), nullable=True),
        sa.Column("outcome", sa.String(8), nullable=False),
        sa.Column("detail", sa.String(200), nullable=False, server_default=""),
        sa.CheckConstraint("outcome IN ('allowed', 'refused')", name="ck_audit_outcome"),
    )
    op.create_index("ix_audit_log_case", "audit_log", ["case_number", "at"])
    op.create_index("ix_audit_log_user", "audit_log", ["username", "at"])
    if op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRES_TRIGGERS:
            op.execute(statement)
    else:
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
    op.create_table(
        "received_documents",
        sa.Column("case_number", sa.String(32), primary_key=True),
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("device_id", sa.String(40), nullable=False),
    )
    op.add_column("bookings", sa.Column("checked_in_at", sa.DateTime(timezone=True)))
    op.add_column("bookings", sa.Column("no_show_at", sa.DateTime(timezone=True)))
    op.add_column("printed_references", sa.Column("language", sa.String(8)))
    for table in ("devices", "enrollment_codes"):
        op.add_column(
            table, sa.Column("kind", sa.String(16), nullable=False, server_default="kiosk")
        )


def downgrade() -> None:
    for table in ("devices", "enrollment_codes"):
        op.drop_column(table, "kind")
    op.drop_column("printed_references", "language")
    op.drop_column("bookings", "no_show_at")
    op.drop_column("bookings", "checked_in_at")
    op.drop_table("received_documents")
    op.drop_table("audit_log")  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_table("staff_sessions")
    op.drop_table("staff_users")
