"""The gateway schema as SQLAlchemy Core tables (no ORM); the migrations own the DDL."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# One row; UPDATE ... SET value = value + n RETURNING value allocates change_seq numbers. Its
# row lock serialises writers until commit, so sequence order is commit order (see change_feed).
change_counter = Table(
    "change_counter",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# The current dataset: one row. The pepper never leaves the gateway except at enrollment.
dataset = Table(
    "dataset",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("epoch", Integer, nullable=False),
    Column("pepper", LargeBinary(64), nullable=False),
    Column("rotated_at", DateTime(timezone=True), nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("case_number", String(32), primary_key=True),
    Column("birth_date", Date, nullable=False),
    Column("status", String(40), nullable=False),
    Column("status_changed_on", Date, nullable=False),
    Column("permit_type", String(64), nullable=False),
    Column("missing_documents", JSON, nullable=False),
    Column("next_appointment", DateTime(timezone=False), nullable=True),
    Column("fiktion_valid_until", Date, nullable=True),
    Column("lookup_key", String(64), nullable=False, unique=True),
    Column("change_seq", BigInteger, nullable=False, unique=True),
    Column("removed", Boolean, nullable=False),
)

# A lookup key a case no longer has (its birth date was corrected): a tombstone in the feed.
retired_keys = Table(
    "retired_keys",
    metadata,
    Column("lookup_key", String(64), primary_key=True),
    Column("change_seq", BigInteger, nullable=False, unique=True),
)

devices = Table(
    "devices",
    metadata,
    Column("device_id", String(40), primary_key=True),
    Column("name", String(80), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_applied_seq", BigInteger, nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=True),
)

enrollment_codes = Table(
    "enrollment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
    Column("device_id", String(40), nullable=True),
)

command_log = Table(
    "command_log",
    metadata,
    Column("device_id", String(40), ForeignKey("devices.device_id"), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("kind", String(64), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("response", Text, nullable=False),  # the CommandResult JSON, answered again on repeat
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("names", JSON, nullable=False),  # {"de": "...", "en": "..."}
    Column("explanations", JSON, nullable=False),
)

services = Table(
    "services",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("names", JSON, nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("working_hours", JSON, nullable=False),  # {"mon": [["08:00", "12:00"]], ...}
)
