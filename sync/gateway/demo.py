"""Synthetic demo cases in the gateway, the same ``core.demo_cases`` the kiosk's samples use, and a
bookable calendar: the services with working hours and two desks each (``catalog.seed_catalog``),
and the closure days many offices have (24 and 31 December): demo data, which an office enters
for itself (``kiosk-app gateway closures add``), never a rule in code.

The demo also has a clerk for the counter application: ``demo.clerk`` with the documented
password ``DEMO_CLERK_PASSWORD`` (no change asked at first sign-in), serving every service;
``demo_counter_code`` gives the demo a one-time code that enrolls a counter workstation. A
supervisor, ``demo.supervisor`` with ``DEMO_SUPERVISOR_PASSWORD``, also sees the fleet of
devices (the counter's "Geräte" view, F6). Two services take walk-ins (issue 15,
``DEMO_WALK_IN``): card pick-up (tickets "A") and handing in documents ("B").
The knowledge base's seed (``content/snippets``, demo-marked) is imported and approved by
``DEMO_APPROVER``, so the demo's kiosk answers questions; the answers stay marked demo.
A fresh demo also has a few appointments later today (``seed_todays_bookings``), so the
counter's day list has someone to check in.
Demo data only: a real office creates its accounts with ``kiosk-app gateway staff add``."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

from sqlalchemy import Connection, Engine, insert, select

from kiosk_app.core.demo_cases import generate
from kiosk_app.core.statuses import CaseStatus
from sync.protocol import BookingRequest

from .booking import BookingPolicy, apply_booking
from .case_writes import CaseFields, UpsertCounts, upsert_cases
from .catalog import seed_catalog
from .database import write_transaction
from .dataset import current_dataset
from .enrollment import create_code
from .settings import GatewaySettings
from .slots import load_calendars
from .staff.accounts import create_user, find_user
from .staff.audit import Actor
from .tables import closure_days, walk_in_services

DEMO_CLOSURES = ((12, 24, "Heiligabend"), (12, 31, "Silvester"))  # (month, day, reason)
# (service, letter, daily quota, issuing from, until, urgent share %, urgent days)
DEMO_WALK_IN = (
    ("card_pickup", "A", 60, "07:30", "12:00", 20, 14),
    ("hand_in_documents", "B", 40, "07:30", "12:00", 25, 14),
)
DEMO_CLERK = "demo.clerk"
DEMO_CLERK_PASSWORD = "demo-clerk-2026"  # documented (docs/gateway.md): demo data only
DEMO_SUPERVISOR = "demo.supervisor"
DEMO_SUPERVISOR_PASSWORD = "demo-supervisor-2026"  # documented like the clerk's: demo data only


def seed_demo(engine: Engine, count: int, seed: int, today: date) -> UpsertCounts:
    """Idempotent for the same seed and day."""
    rows = [
        CaseFields(
            case_number=case.case_number.canonical,
            birth_date=case.birth_date,
            status=case.record.status,
            status_changed_on=case.record.status_changed_on,
            permit_type=case.record.permit_type,
            missing_documents=case.record.missing_documents,
            next_appointment=case.record.next_appointment,
            fiktion_valid_until=case.record.fiktion_valid_until,
            permit_valid_until=case.record.permit_valid_until,
        )
        for case in generate(count, seed, today)
    ]
    with write_transaction(engine) as conn:
        seed_catalog(conn)  # a catalog the office edited is left alone
        seed_closures(conn, today)
        seed_demo_clerk(conn, datetime.combine(today, time(), tzinfo=UTC))
        seed_walk_in(conn, datetime.combine(today, time(), tzinfo=UTC))
        seed_demo_snippets(conn, datetime.combine(today, time(), tzinfo=UTC))
        return upsert_cases(conn, current_dataset(conn), rows)


DEMO_BOOKINGS_TODAY = 4
TODAY_LEAD = timedelta(minutes=30)  # the first of today's demo appointments is this far ahead
# Whose visits today's demo appointments are: the services each status has a resident come for.
VISITS = {
    CaseStatus.APPOINTMENT_REQUIRED: ("application", "biometrics", "consultation"),
    CaseStatus.DOCUMENTS_MISSING: ("hand_in_documents",),
    CaseStatus.READY_FOR_PICKUP: ("card_pickup",),
    CaseStatus.IN_REVIEW: ("fiktion_certificate",),  # the permit runs out while it is decided
}


def seed_todays_bookings(
    engine: Engine,
    settings: GatewaySettings,
    device_id: str,
    now: datetime,
    count: int,
    seed: int,
    wanted: int = DEMO_BOOKINGS_TODAY,
    *,
    spare: int = 0,
) -> list[str]:
    """A few appointments later today for the demo's counter (its day list, check-in and
    no-show): as if residents had booked them at the demo kiosk (``device_id``) yesterday, since
    the booking window starts tomorrow; through the gateway's own booking rules, so a closed day
    or a day whose hours are over gets none. Spread over the day's remaining slots of every
    service; each for a demo case whose status brings its resident for that service where one
    is left (``VISITS``); the first ``spare`` cases are left alone (the demo kiosk lists them
    as samples to try booking with). Returns the slot ids booked."""
    policy = BookingPolicy.from_settings(settings)
    today, local_now = policy.clock.today(now), policy.clock.local(now)
    booked: list[str] = []
    with write_transaction(engine) as conn:
        ahead = sorted(
            (
                slot
                for calendar in load_calendars(conn).values()
                for slot in calendar.slots(today)
                if slot.start >= local_now + TODAY_LEAD
            ),
            key=lambda slot: (slot.start, slot.slot_id),
        )
        step = max(1, len(ahead) // wanted)
        chosen = ahead[::step][:wanted]
        dataset = current_dataset(conn)
        waiting = [
            case
            for case in islice(generate(count, seed, today), spare, None)
            if case.record.status in VISITS
        ]
        for slot in chosen:
            fits = [c for c in waiting if slot.service in VISITS[c.record.status]] or waiting
            if not fits:
                break
            case = fits[0]
            waiting.remove(case)
            request = BookingRequest(
                action="book",
                booking_id=uuid.uuid4().hex,
                lookup_key=dataset.lookup_key(case.case_number.canonical, case.birth_date),
                slot_id=slot.slot_id,
            )
            outcome = apply_booking(conn, policy, request, device_id, now - timedelta(days=1))
            if outcome.outcome == "booked":
                booked.append(slot.slot_id)
    return booked


DEMO_APPROVER = "Demo (kein Amt)"  # who "approved" the demo's knowledge base: nobody real


def seed_demo_snippets(conn: Connection, now: datetime) -> None:
    """The knowledge base's seed files, imported and approved in every language by
    ``DEMO_APPROVER``, so the demo's kiosk shows them (each still marked demo: no office has
    checked them). An office imports them and approves them itself, after reading them."""
    from kiosk_app.core.snippet_files import default_seed_dir, read_snippets

    from .snippets import approve, import_snippets

    actor = Actor(None, None, now)
    items = read_snippets(default_seed_dir())
    import_snippets(conn, items, actor)
    for snippet in items:
        approve(conn, snippet.id, None, DEMO_APPROVER, actor)


def seed_demo_clerk(conn: Connection, now: datetime) -> None:
    """The demo's clerk (role counter) and supervisor (all services), unless they exist."""
    for username, role, password in (
        (DEMO_CLERK, "counter", DEMO_CLERK_PASSWORD),
        (DEMO_SUPERVISOR, "supervisor", DEMO_SUPERVISOR_PASSWORD),
    ):
        if find_user(conn, username) is None:
            create_user(
                conn,
                Actor(None, None, now),
                username,
                role,
                password=password,
                must_change_password=False,
            )


def demo_counter_code(engine: Engine, now: datetime, ttl: timedelta = timedelta(hours=24)) -> str:
    """A one-time code that enrolls a counter workstation (``kiosk-app counter`` in the demo)."""
    with write_transaction(engine) as conn:
        return create_code(conn, now, ttl, "counter").code


def seed_closures(conn: Connection, today: date) -> None:
    """The demo office's closure days this year and next; days already entered are left alone
    (an office may have given another reason)."""
    entered = set(conn.execute(select(closure_days.c.day)).scalars())
    created = datetime.combine(today, time(), tzinfo=UTC)
    rows = [
        {"day": day, "reason": reason, "created_at": created}
        for year in (today.year, today.year + 1)
        for month, dom, reason in DEMO_CLOSURES
        if (day := date(year, month, dom)) not in entered
    ]
    if rows:
        conn.execute(insert(closure_days), rows)


def seed_walk_in(conn: Connection, now: datetime) -> None:
    """The demo's walk-in services, unless the office set them (or a letter) already."""
    known = conn.execute(select(walk_in_services.c.service, walk_in_services.c.letter)).all()
    taken = {row.service for row in known} | {row.letter for row in known}
    rows = [
        {
            "service": service,
            "letter": letter,
            "daily_quota": quota,
            "issue_from": first,
            "issue_until": last,
            "urgent_share": share,
            "urgent_days": days,
            "updated_at": now,
        }
        for service, letter, quota, first, last, share, days in DEMO_WALK_IN
        if service not in taken and letter not in taken
    ]
    if rows:
        conn.execute(insert(walk_in_services), rows)
