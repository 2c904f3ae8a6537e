"""Slot leases (``POST /v1/leases``) and the offline booking commands that use them: grant, renew,
release, reclaim after expiry plus grace; leased slots are hidden from /v1/slots and cannot be
booked by another kiosk; ``book_slot`` / ``move_booking`` / ``cancel_booking`` honour leases and
are idempotent. SQLite and PostgreSQL, real gateway on loopback, time moved by the test clock."""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from datetime import timedelta
from typing import Any

from fixed_time import OFFICE_ZONE

from kiosk_app.core.booking import Slot
from sync.client import parse_page
from sync.protocol import BookingOutcome, CommandsResponse, FreeSlots, LeaseGrant

TTL = timedelta(hours=4)
GRACE = timedelta(hours=24)


def new_id() -> str:
    return uuid.uuid4().hex


def leases(device: Any, keep: list[str] | None = None) -> LeaseGrant:
    response = device.client.post("/v1/leases", json={"keep": keep or []})
    assert response.status_code == 200, response.text
    return LeaseGrant.model_validate_json(response.content)


def free(device: Any) -> set[str]:
    response = device.client.get("/v1/slots")
    assert response.status_code == 200, response.text
    return set(FreeSlots.model_validate_json(response.content).slots)


def key_of(device: Any, case: Any) -> str:
    return str(device.lookup_key(case.case_number.canonical, case.birth_date))


def book_online(device: Any, key: str, slot_id: str) -> BookingOutcome:
    body = {"action": "book", "booking_id": new_id(), "lookup_key": key, "slot_id": slot_id}
    response = device.client.post("/v1/bookings", json=body)
    assert response.status_code == 200, response.text
    return BookingOutcome.model_validate_json(response.content)


class Outbox:
    """A kiosk's numbered commands, pushed one at a time."""

    def __init__(self, device: Any) -> None:
        self.device = device
        self.seq = 0

    def send(self, kind: str, **payload: str) -> tuple[str, str | None]:
        self.seq += 1
        command = {
            "seq": self.seq,
            "created_at": "2026-01-05T10:00:00+01:00",
            "payload": {"kind": kind, **payload},
        }
        response = self.device.push([command])
        assert response.status_code == 200, response.text
        (result,) = CommandsResponse.model_validate_json(response.content).results
        return result.outcome, result.reason

    def resend_last(self) -> tuple[str, str | None]:
        self.seq -= 1
        return self.send("void", reason="placeholder")  # same seq: answered as a duplicate


def by_service_day(grant: LeaseGrant) -> Counter[tuple[str, Any]]:
    return Counter(
        (Slot.parse(lease.slot_id).service, Slot.parse(lease.slot_id).start.date())
        for lease in grant.leases
    )


def test_a_kiosk_gets_its_quota_per_service_and_day(gateway, device) -> None:
    grant = leases(device)
    counts = by_service_day(grant)
    services = {service for service, _ in counts}
    assert len(services) == 7
    assert set(counts.values()) == {1}  # one per service and day
    assert all(sum(1 for s, _ in counts if s == service) == 3 for service in services)
    for lease in grant.leases:
        assert abs(lease.expires_at - (grant.server_time + TTL)) < timedelta(seconds=1)
    offered = free(device)
    assert not offered & {lease.slot_id for lease in grant.leases}
    again = leases(device, [lease.slot_id for lease in grant.leases])
    assert [lease.slot_id for lease in again.leases] == [lease.slot_id for lease in grant.leases]

    other = leases(gateway.enroll("second-kiosk"))
    assert len(other.leases) == 21
    assert not {lease.slot_id for lease in other.leases} & {lease.slot_id for lease in grant.leases}


def test_a_leased_slot_is_booked_only_by_its_holder(gateway, device, demo_cases) -> None:
    grant = leases(device)
    slot = grant.leases[0].slot_id
    stranger = gateway.enroll("other-kiosk")
    refused = book_online(stranger, key_of(stranger, demo_cases[0]), slot)
    assert (refused.outcome, refused.reason) == ("refused", "slot_taken")
    assert book_online(device, key_of(device, demo_cases[0]), slot).outcome == "booked"
    # The lease was consumed: a renewal that still names it does not bring it back.
    after = leases(device, [lease.slot_id for lease in grant.leases])
    assert slot not in {lease.slot_id for lease in after.leases}
    assert len(after.leases) == len(grant.leases)  # topped up again for that service and day
    assert slot not in free(device)


def test_renew_keeps_listed_leases_and_releases_the_others(gateway, device, gateway_clock) -> None:
    grant = leases(device)
    # Leases of days still in the window an hour on (at 23:30 tomorrow's become today's).
    later = (gateway_clock() + timedelta(hours=1)).astimezone(OFFICE_ZONE).date()
    ahead = [
        lease.slot_id for lease in grant.leases if Slot.parse(lease.slot_id).start.date() > later
    ]
    kept = ahead[:5]
    dropped = set(ahead[5:])
    assert len(kept) == 5 and dropped
    # Without top-up the effect of a renewal is visible on its own.
    gateway.server.settings = dataclasses.replace(gateway.settings, leases_per_service_day=0)
    gateway.restart()
    gateway_clock.advance(timedelta(hours=1))
    renewed = leases(device, [*kept, "card_pickup@2020-01-06T08:00#1"])  # unknown ids are ignored
    assert [lease.slot_id for lease in renewed.leases] == sorted(kept)
    for lease in renewed.leases:
        assert abs(lease.expires_at - (renewed.server_time + TTL)) < timedelta(seconds=1)
    assert dropped <= free(device)
    assert not set(kept) & free(device)
    assert leases(device).leases == []  # keep nothing: everything released
    assert set(kept) <= free(device)


def test_reclaim_waits_for_expiry_plus_grace(gateway, device, demo_cases, gateway_clock) -> None:
    grant = leases(device)
    # Slots still in the booking window (from the next day on) at the last moment this test
    # moves the clock to: a reclaimed slot must be bookable again, whatever the hour now.
    end = (gateway_clock() + TTL + timedelta(hours=1) + GRACE).astimezone(OFFICE_ZONE)
    ahead = [
        lease.slot_id
        for lease in grant.leases
        if Slot.parse(lease.slot_id).start.date() > end.date()
    ]
    x, y, z = ahead[:3]
    other = gateway.enroll("other-kiosk")
    key = key_of(other, demo_cases[1])

    gateway_clock.advance(TTL + timedelta(hours=1))  # expired, within the grace period
    assert x not in free(other)
    assert book_online(other, key, x).reason == "slot_taken"

    gateway_clock.advance(GRACE)  # past expiry + grace: reclaimable
    assert {x, y, z} <= free(other)
    assert book_online(other, key, x).outcome == "booked"
    outbox = Outbox(device)
    booked_x = outbox.send(
        "book_slot", booking_id=new_id(), lookup_key=key_of(device, demo_cases[2]), slot_id=x
    )
    assert booked_x == ("rejected", "slot_taken")
    # Not yet reclaimed (no grant ran): the stale lease is still this kiosk's and is honoured.
    assert outbox.send(
        "book_slot", booking_id=new_id(), lookup_key=key_of(device, demo_cases[3]), slot_id=y
    ) == ("applied", None)

    third = leases(gateway.enroll("third-kiosk"))  # any grant reclaims every stale lease
    expected = "slot_taken" if z in {lease.slot_id for lease in third.leases} else "lease_not_held"
    assert outbox.send(
        "book_slot", booking_id=new_id(), lookup_key=key_of(device, demo_cases[4]), slot_id=z
    ) == ("rejected", expected)


def test_offline_commands_honour_leases(gateway, device, demo_cases, gateway_clock) -> None:
    grant = leases(device)
    other = gateway.enroll("other-kiosk")
    theirs = leases(other)
    mine = [lease.slot_id for lease in grant.leases]
    by_service: dict[str, list[str]] = {}
    for slot in mine:
        by_service.setdefault(Slot.parse(slot).service, []).append(slot)
    first, second, third = by_service["biometrics"]
    key, key2 = key_of(device, demo_cases[5]), key_of(device, demo_cases[6])
    _, cursor, _ = device.pull_all()
    outbox = Outbox(device)
    booking_id = new_id()

    assert outbox.send("book_slot", booking_id=booking_id, lookup_key=key, slot_id=first) == (
        "applied",
        None,
    )
    assert outbox.resend_last() == ("duplicate", None)
    # The same booking sent again under a new number (e.g. also tried online): applied once.
    assert outbox.send("book_slot", booking_id=booking_id, lookup_key=key, slot_id=first) == (
        "applied",
        None,
    )
    page = parse_page(device.client.get("/v1/changes", params={"cursor": cursor}).content)
    (change,) = page.changes
    assert change.lookup_key == key and change.case is not None
    assert [b.booking_id for b in change.case.bookings] == [booking_id]
    assert change.case.next_appointment == Slot.parse(first).start
    assert first not in free(device)

    # One per case and service, offline too.
    assert outbox.send("book_slot", booking_id=new_id(), lookup_key=key, slot_id=second) == (
        "rejected",
        "already_booked",
    )
    # A free slot that is not leased to this kiosk, and a slot leased to another kiosk.
    unleased = next(
        slot for slot in sorted(free(device)) if Slot.parse(slot).service == "biometrics"
    )
    assert outbox.send("book_slot", booking_id=new_id(), lookup_key=key2, slot_id=unleased) == (
        "rejected",
        "lease_not_held",
    )
    foreign = theirs.leases[0].slot_id
    assert outbox.send("book_slot", booking_id=new_id(), lookup_key=key2, slot_id=foreign) == (
        "rejected",
        "slot_taken",
    )

    # Move within the kiosk's leases; the old slot is free again.
    assert outbox.send("move_booking", booking_id=booking_id, lookup_key=key, slot_id=second) == (
        "applied",
        None,
    )
    assert first in free(device)
    assert outbox.send("move_booking", booking_id=booking_id, lookup_key=key, slot_id=unleased) == (
        "rejected",
        "lease_not_held",
    )

    # A lease that expired after the resident booked (the kiosk judged it with a margin) but
    # was not reclaimed is still honoured.
    gateway_clock.advance(TTL + timedelta(minutes=30))
    assert outbox.send("book_slot", booking_id=new_id(), lookup_key=key2, slot_id=third) == (
        "applied",
        None,
    )

    assert outbox.send("cancel_booking", booking_id=booking_id, lookup_key=key) == ("applied", None)
    assert outbox.send("cancel_booking", booking_id=booking_id, lookup_key=key) == ("applied", None)
    assert second in free(device)
    assert outbox.send("book_slot", booking_id=new_id(), lookup_key="0" * 64, slot_id=second) == (
        "rejected",
        "unknown_lookup_key",
    )
    day = Slot.parse(third).start.date().isoformat()
    rows = gateway.admin.get("/admin/v1/bookings", params={"day": day}).json()
    assert [row["source"] for row in rows if row["slot_id"] == third] == ["offline"]


def test_revoking_a_kiosk_puts_its_leases_back_on_sale(gateway, device) -> None:
    held = {lease.slot_id for lease in leases(device).leases}
    watcher = gateway.enroll("watcher")
    assert not held & free(watcher)
    gateway.revoke(device.enrollment.device_id)
    assert held <= free(watcher)
