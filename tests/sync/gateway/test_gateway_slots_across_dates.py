"""Free slots and leases at instants where schedules break: both daylight-saving changes in the
office's time zone, New Year's Eve, a Sunday night and a public holiday. At each, every slot of
the booking window is offered exactly once (a day of a DST week has as many slots as the same
weekday a week later, none doubled, none lost), closed days have none, and a lease lasts its
time to live in real (UTC) time across the clock change. SQLite and PostgreSQL, real gateway."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from fixed_time import OFFICE_ZONE

from kiosk_app.core.booking import Slot
from kiosk_app.core.office_days import OfficeDays
from sync.protocol import FreeSlots, LeaseGrant

INSTANTS = {
    # The office's wall time at which the gateway's clock stands.
    "spring-forward": datetime(2027, 3, 27, 23, 30),  # Sat night; Sun 02:00 -> 03:00
    "fall-back": datetime(2026, 10, 24, 23, 30),  # Sat night; Sun 03:00 -> 02:00
    "new-years-eve": datetime(2026, 12, 31, 23, 50),
    "sunday-night": datetime(2026, 12, 6, 23, 30),
    "good-friday": datetime(2027, 3, 26, 9, 0),
}


def free_slots(device) -> FreeSlots:  # type: ignore[no-untyped-def]
    response = device.client.get("/v1/slots")
    assert response.status_code == 200, response.text
    return FreeSlots.model_validate_json(response.content)


def per_service_day(slot_ids: list[str]) -> Counter[tuple[str, date]]:
    parsed = [Slot.parse(slot_id) for slot_id in slot_ids]
    return Counter((slot.service, slot.start.date()) for slot in parsed)


@pytest.fixture(params=sorted(INSTANTS))
def office_now(request: pytest.FixtureRequest, gateway_clock) -> datetime:  # type: ignore[no-untyped-def]
    wall = INSTANTS[request.param]
    gateway_clock.now = wall.replace(tzinfo=OFFICE_ZONE).astimezone(UTC)
    return wall


def test_every_slot_of_the_window_is_offered_once(gateway, device, office_now) -> None:
    free = free_slots(device)
    assert len(free.slots) == len(set(free.slots)), "a slot is offered twice"
    assert free.first_day == office_now.date() + timedelta(days=1)
    counts = per_service_day(free.slots)
    closed = OfficeDays()
    services = {service for service, _ in counts}
    day = free.first_day
    while day <= free.last_day:
        for service in services:
            if closed.is_closed(day) or day.weekday() >= 5:
                assert counts[(service, day)] == 0, f"{service} offered on closed {day}"
                continue
            # The same weekday a week on, or back (whichever is open and in the window).
            twins = [
                twin
                for twin in (day + timedelta(days=7), day - timedelta(days=7))
                if free.first_day <= twin <= free.last_day and not closed.is_closed(twin)
            ]
            for twin in twins[:1]:
                assert counts[(service, day)] == counts[(service, twin)], (
                    f"{service}: {counts[(service, day)]} slots on {day}, "
                    f"{counts[(service, twin)]} on {twin}"
                )
            assert counts[(service, day)] > 0, f"{service}: no slot on open {day}"
        day += timedelta(days=1)


def test_a_lease_lasts_its_time_to_live_across_the_clock_change(
    gateway, device, office_now, gateway_clock
) -> None:
    response = device.client.post("/v1/leases", json={"keep": []})
    assert response.status_code == 200, response.text
    grant = LeaseGrant.model_validate_json(response.content)
    assert grant.leases, "no lease granted"
    ttl = gateway.settings.lease_ttl
    assert {lease.expires_at - grant.server_time for lease in grant.leases} == {ttl}
    leased = {lease.slot_id for lease in grant.leases}
    assert not leased & set(free_slots(device).slots)  # leased slots are not offered to others

    gateway_clock.advance(ttl - timedelta(minutes=1))  # across 02:00/03:00 on the DST nights
    renewed = device.client.post("/v1/leases", json={"keep": sorted(leased)})
    assert renewed.status_code == 200, renewed.text
    kept = {lease.slot_id for lease in LeaseGrant.model_validate_json(renewed.content).leases}
    # Leases for a day that has become today leave the window (booked at the counter then).
    today = gateway_clock().astimezone(OFFICE_ZONE).date()
    still_ahead = {slot_id for slot_id in leased if Slot.parse(slot_id).start.date() > today}
    assert still_ahead, "nothing left to check"
    assert still_ahead <= kept, "a lease was lost before its time to live ran out"
