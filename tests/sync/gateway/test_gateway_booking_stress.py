"""A seeded, concurrent mix at the gateway: kiosks renewing and releasing leases, booking offline
from them (commands), booking, moving and cancelling online, all at once on one gateway.

What must hold whatever the interleaving: an offline booking from a lease the kiosk holds is
always honoured (that is what makes it final for the resident); no slot is ever booked twice;
every booking the gateway confirmed is there exactly once at the end unless its own kiosk moved
or cancelled it; a lease is never granted on a booked slot."""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from datetime import timedelta
from typing import Any

from kiosk_app.core.booking import Slot
from sync.protocol import BookingOutcome, CommandsResponse, FreeSlots, LeaseGrant

KIOSKS = 4
ROUNDS = 25


class Kiosk(threading.Thread):
    def __init__(self, n: int, device: Any, keys: list[str], lock: threading.Lock) -> None:
        super().__init__(name=f"kiosk-{n}")
        self.device = device
        self.rng = random.Random(1000 + n)
        self.keys = keys  # shared pool of unused cases, one per booking attempt
        self.lock = lock
        self.seq = 0
        self.leases: list[str] = []
        self.taken: set[str] = set()
        self.confirmed: dict[str, str] = {}  # booking id -> slot, as last confirmed
        self.online_keys: dict[str, str] = {}  # booking id -> case, for online bookings
        self.offline_refused: list[tuple[str, str | None]] = []
        self.errors: list[str] = []

    def next_key(self) -> str:
        with self.lock:
            return self.keys.pop()

    def run(self) -> None:
        try:
            self.grant()
            for _ in range(ROUNDS):
                action = self.rng.choice(("grant", "offline", "offline", "online", "change"))
                getattr(self, action)()
        except Exception as problem:  # reported by the test, with the thread's name
            self.errors.append(f"{self.name}: {problem!r}")

    def grant(self) -> None:
        keep = [slot for slot in self.leases if slot not in self.taken]
        keep = [slot for slot in keep if self.rng.random() < 0.8]
        response = self.device.client.post("/v1/leases", json={"keep": keep})
        grant = LeaseGrant.model_validate_json(response.content)
        self.leases = [lease.slot_id for lease in grant.leases]
        self.taken = set()

    def offline(self) -> None:
        usable = [slot for slot in self.leases if slot not in self.taken]
        if not usable:
            return
        slot = self.rng.choice(usable)
        self.taken.add(slot)
        booking_id = uuid.uuid4().hex
        self.seq += 1
        command = {
            "seq": self.seq,
            "created_at": "2026-01-05T10:00:00Z",
            "payload": {
                "kind": "book_slot",
                "booking_id": booking_id,
                "lookup_key": self.next_key(),
                "slot_id": slot,
            },
        }
        response = self.device.push([command])
        (result,) = CommandsResponse.model_validate_json(response.content).results
        if result.outcome == "applied":
            self.confirmed[booking_id] = slot
        else:
            self.offline_refused.append((slot, result.reason))

    def online(self) -> None:
        slots = FreeSlots.model_validate_json(self.device.client.get("/v1/slots").content).slots
        slot = self.rng.choice(slots[:200])  # the early days: where kiosks compete
        outcome = self.request("book", uuid.uuid4().hex, self.next_key(), slot)
        if outcome.outcome == "booked" and outcome.booking is not None:
            self.confirmed[outcome.booking.booking_id] = slot

    def change(self) -> None:
        online = [(b, s) for b, s in self.confirmed.items() if b in self.online_keys]
        if not online:
            return self.online()
        booking_id, slot = self.rng.choice(online)
        key = self.online_keys[booking_id]
        if self.rng.random() < 0.5:
            outcome = self.request("cancel", booking_id, key)
            assert outcome.outcome == "cancelled", outcome
            del self.confirmed[booking_id]
            return None
        service = Slot.parse(slot).service
        slots = FreeSlots.model_validate_json(self.device.client.get("/v1/slots").content).slots
        target = self.rng.choice([s for s in slots[:400] if s.startswith(service + "@")])
        outcome = self.request("move", booking_id, key, target)
        if outcome.outcome == "moved":
            self.confirmed[booking_id] = target
        return None

    def request(
        self, action: str, booking_id: str, key: str, slot: str | None = None
    ) -> BookingOutcome:
        body = {"action": action, "booking_id": booking_id, "lookup_key": key}
        if slot is not None:
            body["slot_id"] = slot
        response = self.device.client.post("/v1/bookings", json=body)
        assert response.status_code == 200, response.text
        outcome = BookingOutcome.model_validate_json(response.content)
        if action == "book" and outcome.outcome == "booked":
            self.online_keys[booking_id] = key
        return outcome


def test_concurrent_leases_and_bookings_keep_their_promises(gateway) -> None:
    cases = gateway.import_demo(count=KIOSKS * ROUNDS * 2 + 20, seed=31)
    devices = [gateway.enroll(f"kiosk-{n}") for n in range(KIOSKS)]
    keys = [devices[0].lookup_key(c.case_number.canonical, c.birth_date) for c in cases]
    random.Random(5).shuffle(keys)
    lock = threading.Lock()
    kiosks = [Kiosk(n, device, keys, lock) for n, device in enumerate(devices)]
    for kiosk in kiosks:
        kiosk.start()
    for kiosk in kiosks:
        kiosk.join()
    assert [error for kiosk in kiosks for error in kiosk.errors] == []

    # An offline booking from a lease the kiosk holds is final.
    assert [refusal for kiosk in kiosks for refusal in kiosk.offline_refused] == []
    confirmed = {
        booking_id: slot for kiosk in kiosks for booking_id, slot in kiosk.confirmed.items()
    }
    window = FreeSlots.model_validate_json(devices[0].client.get("/v1/slots").content)
    listed: dict[str, str] = {}
    for offset in range((window.last_day - window.first_day).days + 1):
        day = window.first_day + timedelta(days=offset)
        rows = gateway.admin.get("/admin/v1/bookings", params={"day": day.isoformat()}).json()
        listed.update({row["booking_id"]: row["slot_id"] for row in rows})
    assert listed == confirmed  # each confirmed booking exactly once, where it was last put
    assert max(Counter(listed.values()).values(), default=1) == 1
    # A slot still leased to a kiosk was never sold to anyone else.
    for kiosk in kiosks:
        held = {slot for slot in kiosk.leases if slot not in kiosk.taken}
        assert not held & set(listed.values())
    assert sum(1 for kiosk in kiosks for _ in kiosk.confirmed) > KIOSKS * ROUNDS // 3
