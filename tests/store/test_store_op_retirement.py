"""Applied booking operations leave ``booking_ops`` only once the synced bookings show them, or
after a bound: a resident who just booked sees the appointment after every pull, also one whose
pages did not carry it yet."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk_app.core.appointments import Appointment
from kiosk_app.core.booking import slots_for_day
from kiosk_app.core.status_lookup import CaseRecord
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.store.appointments import BookingOps, NewOp
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import Connection
from kiosk_app.store.op_retirement import UNSHOWN_BOUND, OpRetirement

TODAY = date(2026, 11, 23)  # a Monday
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KEY = bytes(range(32))
B1 = "1" * 32
SLOTS = slots_for_day("biometrics", TODAY + timedelta(days=2))
RECORD = CaseRecord(CaseStatus.IN_REVIEW, date(2026, 11, 1), "study_16b")


def synced(conn: Connection, *bookings: Appointment) -> None:
    """What a pull writes: the case's state with its active bookings."""
    CaseCache(conn).put_many([(KEY, CaseRecord(**{**RECORD.__dict__, "appointments": bookings}))])


def online(conn: Connection, action: str, slot: int | None = None, at: datetime = NOW) -> None:
    slot_id = None if slot is None else SLOTS[slot].slot_id
    start = None if slot is None else SLOTS[slot].start
    BookingOps(conn).record_online(NewOp(action, B1, KEY, slot_id), "biometrics", start, at)


def at(slot: int, pending: bool = False) -> Appointment:
    return Appointment(B1, "biometrics", SLOTS[slot].start, pending)


@pytest.fixture
def case(conn: Connection) -> Connection:
    synced(conn)
    return conn


def test_a_booking_stays_listed_until_a_pull_brings_it(case: Connection) -> None:
    retirement, ops = OpRetirement(), BookingOps(case)
    online(case, "book", 0)
    # A pull whose pages did not carry the booking yet: the resident still sees it.
    assert retirement.after_pull(case, NOW + timedelta(seconds=5)) == 0
    assert ops.appointments(KEY) == [at(0, pending=True)]
    assert retirement.after_pull(case, NOW + timedelta(seconds=10)) == 0
    assert ops.appointments(KEY) == [at(0, pending=True)]
    synced(case, at(0))
    assert retirement.after_pull(case, NOW + timedelta(seconds=15)) == 1
    assert ops.appointments(KEY) == [at(0)] and ops.all() == []


def test_a_move_and_a_cancel_wait_for_the_feed_too(case: Connection) -> None:
    retirement, ops = OpRetirement(), BookingOps(case)
    synced(case, at(0))
    online(case, "move", 1)
    assert retirement.after_pull(case, NOW) == 0  # the feed still has the old time
    assert ops.appointments(KEY) == [at(1, pending=True)]
    synced(case, at(1))
    assert retirement.after_pull(case, NOW) == 1
    assert ops.appointments(KEY) == [at(1)]

    online(case, "cancel")
    assert retirement.after_pull(case, NOW) == 0  # the feed still lists it
    assert ops.appointments(KEY) == []
    synced(case)
    assert retirement.after_pull(case, NOW) == 1
    assert ops.appointments(KEY) == [] and ops.all() == []


def test_a_later_operation_shown_retires_the_earlier_ones_it_supersedes(case: Connection) -> None:
    retirement, ops = OpRetirement(), BookingOps(case)
    online(case, "book", 0)
    online(case, "move", 1)
    # The feed's first word on the booking is its moved time: the book is never shown as such.
    synced(case, at(1))
    assert retirement.after_pull(case, NOW) == 2
    assert ops.appointments(KEY) == [at(1)]


def test_an_operation_the_feed_never_shows_is_retired_after_the_bound(case: Connection) -> None:
    retirement, ops = OpRetirement(), BookingOps(case)
    online(case, "book", 0)
    # Cancelled elsewhere before any pull brought it: the feed never lists the booking.
    first = NOW + timedelta(minutes=1)
    assert retirement.after_pull(case, first) == 0
    assert retirement.after_pull(case, first + UNSHOWN_BOUND - timedelta(seconds=1)) == 0
    assert ops.appointments(KEY) == [at(0, pending=True)]
    assert retirement.after_pull(case, first + UNSHOWN_BOUND) == 1
    assert ops.appointments(KEY) == [] and ops.all() == []


def test_the_bound_counts_from_the_latest_operation_of_the_booking(case: Connection) -> None:
    retirement, ops = OpRetirement(), BookingOps(case)
    online(case, "book", 0, at=NOW - timedelta(hours=3))  # made long before: not what counts
    assert retirement.after_pull(case, NOW) == 0
    online(case, "move", 1)
    later = NOW + UNSHOWN_BOUND
    # The book waited long enough, the move after it not: both stay, the booking at its new time.
    assert retirement.after_pull(case, later) == 0
    assert ops.appointments(KEY) == [at(1, pending=True)]
    assert retirement.after_pull(case, later + UNSHOWN_BOUND) == 2
    assert ops.appointments(KEY) == [] and ops.all() == []
