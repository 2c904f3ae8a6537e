"""Walk-in ticket leases (issue 15, offline issuing; the pattern of the slot leases,
``leases.py``): while online, each kiosk holds for every walk-in service open now a block of
that day's ticket numbers, which is also its share of the quota, so that offline it can issue
from its own block only. The day's quota is never exceeded and two kiosks never issue one
number.

``POST /v1/walk-in/leases`` (after the kiosk drained its outbox, so the gateway has seen every
ticket it issued) returns the kiosk's leases for today and tops them up: a service for which the
kiosk holds fewer than ``LOW_WATER`` unused numbers gets a new block of ``min(BLOCK, a quarter
of the normal quota left)`` numbers (at least one), numbered after every number issued or lent.
The urgent share is never lent.

Unused numbers return at the end of the day's issuing (``expires_at``): until then they count
against the quota as if issued, because a kiosk may have issued them offline and not yet
delivered them. A ticket issued from a lease is accepted however late it arrives, judged at the
kiosk's instant of issue within the lease (``walk_in._issue_leased``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, insert, select

from kiosk_app.core.walk_in import MAX_NUMBER, issuing_refusal, office_local
from sync.walk_in_protocol import WaitRange, WalkInLease

from .database import as_utc
from .slots import load_office_days
from .tables import walk_in_leases
from .walk_in import (
    Office,
    highest_number,
    issued_left,
    lease_used,
    leased_unused,
    list_walk_in_services,
    load_rules,
    service_estimate,
    waiting_in_order,
)

BLOCK = 5  # numbers per new lease at most
LOW_WATER = 2  # a kiosk with fewer unused numbers of a service gets a new block


def grant_ticket_leases(
    conn: Connection, device_id: str, now: datetime, office: Office
) -> list[WalkInLease]:
    """Top up the device's leases for today (see the module); its leases afterwards."""
    day = office_local(now, office.timezone).date()
    days = load_office_days(conn, office.state)
    for row in list_walk_in_services(conn):
        rules = load_rules(conn, row.service, lock=True)
        if rules is None or issuing_refusal(rules, now, days, office.timezone) is not None:
            continue
        if leased_unused(conn, rules.service, day, device_id) >= LOW_WATER:
            continue
        left = issued_left(conn, rules, day).normal
        first = highest_number(conn, rules.service, day) + 1
        size = min(BLOCK, max(1, left // 4), left, MAX_NUMBER - first + 1)
        if size <= 0:
            continue
        end = datetime.combine(day, rules.issue_until, ZoneInfo(office.timezone))
        conn.execute(
            insert(walk_in_leases).values(
                lease_id=uuid.uuid4().hex,
                device_id=device_id,
                day=day,
                service=rules.service,
                first_number=first,
                last_number=first + size - 1,
                granted_at=now,
                expires_at=end.astimezone(now.tzinfo),
            )
        )
    return device_ticket_leases(conn, device_id, now, office)


def device_ticket_leases(
    conn: Connection, device_id: str, now: datetime, office: Office
) -> list[WalkInLease]:
    """The device's leases of today with numbers left, oldest first."""
    day = office_local(now, office.timezone).date()
    rows = conn.execute(
        select(walk_in_leases)
        .where(walk_in_leases.c.device_id == device_id, walk_in_leases.c.day == day)
        .order_by(walk_in_leases.c.first_number)
    ).all()
    letters = {row.service: row.letter for row in list_walk_in_services(conn)}
    found = []
    for row in rows:
        used = lease_used(conn, day, row.service, row.first_number, row.last_number)
        if row.service not in letters or used > row.last_number - row.first_number:
            continue
        waiting = len(waiting_in_order(conn, day, [row.service]))
        estimate = service_estimate(conn, row.service, day, now, waiting)
        found.append(
            WalkInLease(
                lease_id=row.lease_id,
                service=row.service,
                letter=letters[row.service],
                day=day,
                first_number=row.first_number,
                last_number=row.last_number,
                used=used,
                expires_at=as_utc(row.expires_at),
                estimate=WaitRange(low=estimate.low, high=estimate.high),
            )
        )
    return found
