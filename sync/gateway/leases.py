"""Slot leases (DESIGN.md "Slot leases"): specific slots lent to one kiosk with an expiry, so a
kiosk that goes offline can still book, from its own leases only, and an offline booking is final.

``POST /v1/leases`` (after the kiosk drained its outbox) does, in one transaction (a new lease's
slot is locked as a booking locks it, ``lock_slots``, so a lease and a booking never race for one
slot):

1. reclaim every lease, of any device, past its expiry plus the grace period;
2. renew this device's untaken leases it lists in ``keep`` (new expiry) and release its others;
3. top it up to ``leases_per_service_day`` for each service on the service's next ``lease_days``
   bookable days, choosing at random among slots that are neither booked nor leased; a chosen
   slot that another booking or grant took meanwhile is left out (the next request tops up).

No lease covers a closed day (public holiday or closure day): closing a day withdraws its
leases (``closures.add_closure``), and one listed in ``keep`` is released, not renewed.

Reclaim waits expiry + grace, not just expiry: a kiosk that booked from a lease shortly before
it expired (by its own clock with a margin) and then lost the network still holds that lease
when its command arrives, within the grace period. See docs/gateway.md for the limit.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select, union_all, update

from kiosk_app.core.booking import OutsideBookingWindow
from sync.protocol import MAX_LEASES, LeaseInfo

from .change_feed import lock_slots, share_feed
from .database import as_utc
from .settings import GatewaySettings
from .slots import (
    OfficeClock,
    bookable_slot,
    load_calendars,
    load_office_days,
    taken_slot_ids,
)
from .tables import ACTIVE, bookings, slot_leases

_pick = random.Random()


@dataclass(frozen=True)
class LeasePolicy:
    clock: OfficeClock
    ttl: timedelta
    grace: timedelta
    per_service_day: int
    days: int
    state: str  # whose public holidays close the office

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> LeasePolicy:
        return cls(
            OfficeClock(settings.office_timezone, settings.booking_window),
            settings.lease_ttl,
            settings.lease_grace,
            settings.leases_per_service_day,
            settings.lease_days,
            settings.office_state,
        )


def reclaim_expired(conn: Connection, grace: timedelta, now: datetime) -> int:
    """Delete leases past expiry + grace, of every device; returns how many."""
    result = conn.execute(delete(slot_leases).where(slot_leases.c.expires_at < now - grace))
    return int(result.rowcount or 0)


def grant_leases(
    conn: Connection, policy: LeasePolicy, device_id: str, keep: list[str], now: datetime
) -> list[LeaseInfo]:
    """Renew, release, reclaim and top up (see the module); the device's leases afterwards."""
    share_feed(conn)
    reclaim_expired(conn, policy.grace, now)
    calendars = load_calendars(conn)
    office_days = load_office_days(conn, policy.state)
    days = office_days.without_closed(policy.clock.days(now))
    mine = conn.execute(
        select(slot_leases.c.slot_id, slot_leases.c.service, slot_leases.c.start).where(
            slot_leases.c.device_id == device_id
        )
    ).all()
    wanted = set(keep)

    def renewable(slot_id: str) -> bool:
        try:
            bookable_slot(calendars, slot_id, policy.clock, now, office_days=office_days)
        except OutsideBookingWindow:
            return False  # the day moved out of the window or closed, or the calendar changed
        return slot_id in wanted

    renewed = [row for row in mine if renewable(row.slot_id)]
    renewed_ids = {row.slot_id for row in renewed}
    released = [row.slot_id for row in mine if row.slot_id not in renewed_ids]
    expires = now + policy.ttl
    if released:
        conn.execute(
            delete(slot_leases).where(
                slot_leases.c.device_id == device_id, slot_leases.c.slot_id.in_(released)
            )
        )
    if renewed:
        conn.execute(
            update(slot_leases)
            .where(
                slot_leases.c.device_id == device_id,
                slot_leases.c.slot_id.in_(renewed_ids),
            )
            .values(expires_at=expires)
        )
    held = Counter((row.service, row.start.date()) for row in renewed)
    total = len(renewed)
    new_rows = []
    if days:
        taken = taken_slot_ids(conn, days[0], now, policy.grace)
        for code in sorted(calendars):
            calendar = calendars[code]
            open_days = [day for day in days if calendar.slots(day)][: policy.days]
            for day in open_days:
                need = min(policy.per_service_day - held[(code, day)], MAX_LEASES - total)
                if need <= 0:
                    continue
                free = [slot for slot in calendar.slots(day) if slot.slot_id not in taken]
                for slot in _pick.sample(free, min(need, len(free))):
                    new_rows.append(
                        {
                            "slot_id": slot.slot_id,
                            "device_id": device_id,
                            "service": code,
                            "start": slot.start,
                            "expires_at": expires,
                            "granted_at": now,
                        }
                    )
                    total += 1
    new_rows = _still_free(conn, new_rows)
    if new_rows:
        conn.execute(insert(slot_leases), new_rows)
    return device_leases(conn, device_id)


def _still_free(conn: Connection, rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """The chosen slots no booking or other grant took since they were chosen (PostgreSQL:
    after their locks, so this sees every commit that touched them)."""
    if not rows:
        return rows
    chosen = [str(row["slot_id"]) for row in rows]
    lock_slots(conn, chosen)
    taken = set(
        conn.execute(
            union_all(
                select(bookings.c.slot_id).where(ACTIVE, bookings.c.slot_id.in_(chosen)),
                select(slot_leases.c.slot_id).where(slot_leases.c.slot_id.in_(chosen)),
            )
        ).scalars()
    )
    return [row for row in rows if row["slot_id"] not in taken]


def device_leases(conn: Connection, device_id: str) -> list[LeaseInfo]:
    rows = conn.execute(
        select(slot_leases.c.slot_id, slot_leases.c.expires_at)
        .where(slot_leases.c.device_id == device_id)
        .order_by(slot_leases.c.slot_id)
    ).all()
    return [LeaseInfo(slot_id=row.slot_id, expires_at=as_utc(row.expires_at)) for row in rows]
