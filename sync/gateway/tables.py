"""The gateway schema as SQLAlchemy Core tables (no ORM); the migrations own the DDL."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
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
    Column("permit_valid_until", Date, nullable=True),  # the residence permit's end
    Column("lookup_key", String(64), nullable=False, unique=True),
    Column("change_seq", BigInteger, nullable=False, unique=True),
    Column("removed", Boolean, nullable=False),
    # The case's active bookings as ``BookingInfo`` JSON, sorted by start (booking.py keeps it).
    Column("bookings", JSON, nullable=False, server_default=text("'[]'")),
)

# A lookup key a case no longer has (its birth date was corrected): a tombstone in the feed.
retired_keys = Table(
    "retired_keys",
    metadata,
    Column("lookup_key", String(64), primary_key=True),
    Column("change_seq", BigInteger, nullable=False, unique=True),
)

# Keys of earlier pepper epochs (``case_keys.resolve_case``): commands a kiosk queued before a
# rotation still find their case. Kept for ``case_keys.PREVIOUS_KEYS_KEPT`` after a rotation.
previous_keys = Table(
    "previous_keys",
    metadata,
    Column("lookup_key", String(64), primary_key=True),
    Column("case_number", String(32), nullable=False),
    Column("epoch", Integer, nullable=False),
    Column("retired_at", DateTime(timezone=True), nullable=False),
    Index("ix_previous_keys_retired_at", "retired_at"),
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
    # kiosk or counter (the enrollment code's kind): only counters may sign staff in.
    Column("kind", String(16), nullable=False, server_default="kiosk"),
)

enrollment_codes = Table(
    "enrollment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
    Column("device_id", String(40), nullable=True),
    Column("kind", String(16), nullable=False, server_default="kiosk"),  # the device it makes
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
    # Refused and void commands only: JSON of what it named (case number, booking, slot,
    # reference, documents; a void's reason), for staff (``conflicts.py``).
    Column("detail", Text, nullable=True),
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
    Column("counters", Integer, nullable=False, server_default="2"),  # desks: slots per time
)

# Queries use this same term, so SQLite can use the partial indexes (it matches them literally).
ACTIVE = text("active")

# A booking is bound to its case by case number (lookup keys change with the pepper). The
# partial unique indexes are the last line of defence: one active booking per slot, one per
# case and service, whatever the application code does.
bookings = Table(
    "bookings",
    metadata,
    Column("booking_id", String(32), primary_key=True),  # chosen by the kiosk (uuid4 hex)
    Column("case_number", String(32), nullable=False),
    Column("service", String(64), nullable=True),  # NULL: a cancellation that came first
    Column("slot_id", String(100), nullable=True),
    Column("start", DateTime(timezone=False), nullable=True),  # office-local wall time
    Column("active", Boolean, nullable=False),
    Column("source", String(16), nullable=False),  # online, offline (a command), cancelled
    Column("device_id", String(40), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # Set by a clerk's command (``staff.commands``); a no-show also makes the booking inactive.
    Column("checked_in_at", DateTime(timezone=True), nullable=True),
    Column("no_show_at", DateTime(timezone=True), nullable=True),
    Index(
        "uq_bookings_active_slot",
        "slot_id",
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    ),
    Index(
        "uq_bookings_active_case_service",
        "case_number",
        "service",
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    ),
    Index("ix_bookings_start", "start"),
    Index("ix_bookings_case", "case_number"),
)

# A slot lent to one kiosk until ``expires_at`` (gateway time); a booking consumes it.
slot_leases = Table(
    "slot_leases",
    metadata,
    Column("slot_id", String(100), primary_key=True),
    Column("device_id", String(40), nullable=False),
    Column("service", String(64), nullable=False),
    Column("start", DateTime(timezone=False), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
    Index("ix_slot_leases_device", "device_id"),
    Index("ix_slot_leases_expires", "expires_at"),
)

# The reference (QR code) on a paper a kiosk printed, bound to its case by number (keys change
# with the pepper): staff scan it at the counter (``references.py``). ``created_at`` is when
# the kiosk made the paper (the command's time).
printed_references = Table(
    "printed_references",
    metadata,
    Column("reference", String(16), primary_key=True),
    Column("case_number", String(32), nullable=False),
    Column("documents", JSON, nullable=False),  # codes of the documents on the paper
    Column("booking_id", String(32), nullable=True),  # the appointment it confirms
    Column("device_id", String(40), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("language", String(8), nullable=True),  # the resident's kiosk language; None: old kiosk
    Index("ix_printed_references_case", "case_number"),
)

# A day the office is closed besides its state's public holidays (staff enter them: 24 and 31
# December at many offices, a staff outing): no slot, lease or new booking on it. Existing
# bookings stay and are shown to staff as on a closed day (``closures.py``).
closure_days = Table(
    "closure_days",
    metadata,
    Column("day", Date, primary_key=True),  # office-local
    Column("reason", String(200), nullable=False),  # "" when staff gave none
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Anonymous usage figures (issue 18, ``usage.py``): counts added up per UTC hour, device, kind
# and dimensions (words of ``kiosk_app.core.usage_events``'s closed vocabularies, "" when a
# dimension does not apply). No case, reference, booking or person is in any column.
usage_hourly = Table(
    "usage_hourly",
    metadata,
    Column("hour", DateTime(timezone=True), primary_key=True),
    Column("device_id", String(40), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("language", String(16), primary_key=True),
    Column("service", String(32), primary_key=True),
    Column("outcome", String(32), primary_key=True),
    Column("status", String(32), primary_key=True),
    Column("bucket", String(32), primary_key=True),
    Column("detail", String(32), primary_key=True),
    Column("count", BigInteger, nullable=False),
    Column("value_sum", Float, nullable=False),
    Index("ix_usage_hourly_kind_hour", "kind", "hour"),
)

# The latest report each device sent about itself (issue 18's fleet view, ``fleet/``): replaced
# by every report. ``reported_at`` is the device's clock, ``received_at`` the gateway's.
device_status = Table(
    "device_status",
    metadata,
    Column("device_id", String(40), ForeignKey("devices.device_id"), primary_key=True),
    Column("device_kind", String(16), nullable=False),  # what the device says it is
    Column("app_version", String(40), nullable=False),
    Column("printer", String(16), nullable=False),  # ok, paper_low, paper_out, offline, error, none
    Column("outbox_backlog", BigInteger, nullable=False),
    Column("oldest_pending_s", BigInteger, nullable=True),
    Column("last_sync_at", DateTime(timezone=True), nullable=True),
    Column("online", Boolean, nullable=False),
    Column("reported_at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# Walk-in services (issue 15, ``walk_in.py``): a service of the catalog that also takes people
# without an appointment. Per office day ``daily_quota`` tickets, issued between ``issue_from``
# and ``issue_until`` (office-local "HH:MM", end exclusive); ``urgent_share`` percent of them
# kept for urgent cases (permit or Fiktion ending within ``urgent_days``). ``letter`` starts the
# service's ticket numbers ("A 042").
walk_in_services = Table(
    "walk_in_services",
    metadata,
    Column("service", String(64), primary_key=True),
    Column("letter", String(1), nullable=False, unique=True),
    Column("daily_quota", Integer, nullable=False),
    Column("issue_from", String(5), nullable=False),
    Column("issue_until", String(5), nullable=False),
    Column("urgent_share", Integer, nullable=False),
    Column("urgent_days", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Walk-in tickets: no person, case or birth date in any column, only what the queue needs. The
# number is counted per office day and the service the ticket was issued for (``issued_for``);
# ``service`` is where it waits now (a clerk may send it to another). ``state``: waiting, called,
# serving, done, no_show, missed. The estimate given at issue and the wait it really had
# (``called_at - issued_at``) stay, so the office can see how good the estimates are.
walk_in_tickets = Table(
    "walk_in_tickets",
    metadata,
    Column("ticket_id", String(32), primary_key=True),  # chosen by the kiosk (uuid4 hex)
    Column("day", Date, nullable=False),  # office-local
    Column("issued_for", String(64), nullable=False),
    Column("number", Integer, nullable=False),
    Column("letter", String(1), nullable=False),
    Column("service", String(64), nullable=False),
    Column("language", String(16), nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("device_id", String(40), nullable=False),
    Column("estimate_low", Integer, nullable=False),  # minutes
    Column("estimate_high", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("calls", Integer, nullable=False),
    Column("called_at", DateTime(timezone=True), nullable=True),  # the first call
    Column("last_called_at", DateTime(timezone=True), nullable=True),
    Column("counter_device_id", String(40), nullable=True),
    Column("counter_name", String(80), nullable=True),  # shown on the call display
    Column("started_at", DateTime(timezone=True), nullable=True),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("transferred_from", String(64), nullable=True),
    Index("uq_walk_in_tickets_number", "day", "issued_for", "number", unique=True),
    Index("ix_walk_in_tickets_queue", "day", "service", "state"),
)

# Walk-in ticket leases (migration 0015_ticket_leases, ``walk_in_leases.py``): numbers
# ``first_number``..``last_number`` of one service on one office day lent to one kiosk, to issue
# from while offline. Its unused numbers count against the day's quota until the day ends.
walk_in_leases = Table(
    "walk_in_leases",
    metadata,
    Column("lease_id", String(32), primary_key=True),
    Column("device_id", String(40), nullable=False),
    Column("day", Date, nullable=False),  # office-local
    Column("service", String(64), nullable=False),
    Column("first_number", Integer, nullable=False),
    Column("last_number", Integer, nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),  # the end of issuing
    Index("ix_walk_in_leases_day", "day", "service"),
)

# Every call of a walk-in ticket (first call and recalls, migration 0014_displays), numbered in
# commit order for the call displays (``walk_in_calls.py``). No personal data.
walk_in_calls = Table(
    "walk_in_calls",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("day", Date, nullable=False),  # office-local
    Column("ticket_id", String(32), nullable=False),
    Column("label", String(8), nullable=False),  # "A 042"
    Column("service", String(64), nullable=False),
    Column("language", String(16), nullable=False),
    Column("counter_name", String(80), nullable=False),
    Column("call_number", Integer, nullable=False),  # 1 first call, 2 and 3 recalls
    Column("called_at", DateTime(timezone=True), nullable=False),
)

# The knowledge base (issue 16, migration 0011_snippets): a snippet's language-independent
# part, and every version of every language's text (see sync/gateway/snippets.py).
snippets = Table(
    "snippets",
    metadata,
    Column("snippet_id", String(64), primary_key=True),
    Column("topic", String(64), nullable=False),
    Column("audience", String(16), nullable=False),
    Column("legal_basis", JSON, nullable=False),
    Column("demo", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

snippet_versions = Table(
    "snippet_versions",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("snippet_id", String(64), ForeignKey("snippets.snippet_id"), nullable=False),
    Column("language", String(8), nullable=False),
    Column("version", Integer, nullable=False),
    Column("german_version", Integer, nullable=False),
    Column("question", Text, nullable=False),
    Column("phrasings", JSON, nullable=False),
    Column("answer", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(64), nullable=True),
    Column("approved_by", String(64), nullable=True),
    Column("approved_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("snippet_id", "language", "version", name="uq_snippet_version"),
)

snippet_meta_versions = Table(
    "snippet_meta_versions",
    metadata,
    Column("snippet_id", String(64), ForeignKey("snippets.snippet_id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("topic", String(64), nullable=False),
    Column("audience", String(16), nullable=False),
    Column("legal_basis", JSON, nullable=False),
    Column("demo", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A form a resident submitted at a kiosk (issue 17, ``forms.py``): answers as codes and values,
# ``submitted_at`` the kiosk's time (the office's receipt), ``received_at`` the gateway's.
form_submissions = Table(
    "form_submissions",
    metadata,
    Column("receipt", String(16), primary_key=True),
    Column("form_id", String(64), nullable=False),
    Column("form_version", Integer, nullable=False),
    Column("case_number", String(32), nullable=True),  # None: a question without a case
    Column("language", String(8), nullable=False),
    Column("answers", JSON, nullable=False),  # [{"field", "value", "language"?}]
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("device_id", String(40), nullable=False),
    Column("status", String(16), nullable=False, server_default="new"),
    # The staff member (user name) who last changed ``status``, and when (0016_form_states).
    Column("status_changed_by", String(80), nullable=True),
    Column("status_changed_at", DateTime(timezone=True), nullable=True),
    Index("ix_form_submissions_received", "received_at"),
    Index("ix_form_submissions_case", "case_number"),
)
