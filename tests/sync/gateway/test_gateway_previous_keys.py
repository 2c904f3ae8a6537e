"""Commands a kiosk queued before a pepper rotation still find their case: an offline booking
in the outbox carries a key of the old epoch, and it must not be lost when it arrives after
the rotation (SQLite and PostgreSQL, real gateway on loopback)."""

from __future__ import annotations

from typing import Any

from test_gateway_leases import Outbox, leases, new_id

from sync.protocol import BookingOutcome


def _old_key(device: Any, case: Any) -> str:
    return str(device.lookup_key(case.case_number.canonical, case.birth_date))


def test_an_offline_booking_queued_before_a_rotation_is_applied_after_it(
    gateway, device, demo_cases
) -> None:
    case = demo_cases[0]
    old_key = _old_key(device, case)
    slot_id = leases(device).leases[0].slot_id  # booked offline from this lease, then queued
    booking_id = new_id()

    gateway.rotate_pepper()  # before the kiosk is back online to push its outbox
    outcome = Outbox(device).send(
        "book_slot", booking_id=booking_id, lookup_key=old_key, slot_id=slot_id
    )
    assert outcome == ("applied", None)

    new_pepper = bytes.fromhex(device.client.get("/v1/dataset").json()["pepper"])
    new_key = device.lookup_key(case.case_number.canonical, case.birth_date, new_pepper)
    view, _, _ = device.pull_all()
    assert old_key not in view
    assert [b.booking_id for b in view[new_key].bookings] == [booking_id]


def test_documents_ticked_off_before_a_rotation_reach_the_case(gateway, device, demo_cases):
    case = next(c for c in demo_cases if len(c.record.missing_documents) >= 1)
    old_key = _old_key(device, case)
    gateway.rotate_pepper()
    outcome = Outbox(device).send(
        "mark_documents_received",
        lookup_key=old_key,
        documents=[case.record.missing_documents[0]],  # type: ignore[arg-type]
    )
    assert outcome == ("applied", None)


def test_an_unknown_key_is_still_refused(gateway, device, demo_cases) -> None:
    gateway.rotate_pepper()
    body = {"action": "book", "booking_id": new_id(), "lookup_key": "ab" * 32}
    body["slot_id"] = leases(device).leases[0].slot_id
    answer = BookingOutcome.model_validate_json(
        device.client.post("/v1/bookings", json=body).content
    )
    assert (answer.outcome, answer.reason) == ("refused", "unknown_lookup_key")
