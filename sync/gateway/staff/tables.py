"""The staff tables, on the gateway's one ``metadata`` (migration ``0007_staff`` owns the DDL)."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, DateTime, Integer, String, Table

from ..tables import metadata

# A person's account. ``services`` empty: all services. The password only as argon2id.
staff_users = Table(
    "staff_users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("role", String(16), nullable=False),  # counter, supervisor, admin
    Column("services", JSON, nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("must_change_password", Boolean, nullable=False),
    # Consecutive failed sign-ins; the lock is state in the database, never in a process.
    Column("failed_attempts", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True), nullable=True),
)

# A sign-in at one counter: the token only as SHA-256 (256-bit random, no salt needed).
staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("session_id", String(32), primary_key=True),  # named in commands; not a secret
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("username", String(64), nullable=False),
    Column("device_id", String(40), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
)

# Append-only (triggers refuse UPDATE and DELETE): who read or did what, when, at which
# device, to which case. No personal data beyond the case number; ``username`` is None for
# the machine (admin token, CLI).
audit_log = Table(
    "audit_log",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("username", String(64), nullable=True),
    Column("device_id", String(40), nullable=True),
    Column("action", String(40), nullable=False),
    Column("case_number", String(32), nullable=True),
    Column("outcome", String(8), nullable=False),  # allowed, refused
    Column("detail", String(200), nullable=False, server_default=""),
)

# Documents a clerk ticked off at the counter; only grows (the first receipt stands).
received_documents = Table(
    "received_documents",
    metadata,
    Column("case_number", String(32), primary_key=True),
    Column("code", String(64), primary_key=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("username", String(64), nullable=False),
    Column("device_id", String(40), nullable=False),
)
