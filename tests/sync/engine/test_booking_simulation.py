"""A seeded, randomized simulation of the whole booking system: five kiosk processes (real
encrypted caches, desks and sync engines) with random network outages and ``kill -9``s, plus
direct online bookings, all converging on one real gateway on loopback.

Afterwards, with every kiosk drained:
- no slot is booked twice;
- every booking a resident was shown as confirmed is at the gateway exactly once, in the state
  the resident last saw (booked at that slot, moved there, or cancelled);
- no offline booking used a lease past its expiry (judged by the wall clock against the expiry
  the gateway granted).
"""

from __future__ import annotations

import json
import os
import random
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fixed_time import TickingClock
from gateway_harness import ADMIN_TOKEN, RunningGateway, running_gateway
from kiosk_harness import KioskCache, enroll
from sim_proxy import SwitchableProxy

from kiosk_app.core.lookup_key import derive_lookup_key
from sync.gateway.settings import GatewaySettings

SEED = int(os.environ.get("KIOSK_SIM_SEED", "20261127"))
KIOSKS = 5
CASES = 1500
TARGET_BOOKINGS = 1000  # confirmed bookings (kiosk journals + direct online), moves not counted
MIN_SECONDS = 25  # long enough for leases (8 s) to expire during outages
MAX_SECONDS = 240
WORKER = Path(__file__).with_name("sim_kiosk_worker.py")


@dataclass
class SimKiosk:
    index: int
    cache: KioskCache
    proxy: SwitchableProxy
    journal: Path
    cases_file: Path
    process: subprocess.Popen[str] | None = None
    kills: int = 0
    outages: int = 0

    def start(self, seed: int) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                "book",
                str(self.cache.path),
                self.cache.key.hex(),
                str(seed),
                str(self.cases_file),
                str(self.journal),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.process = None
            self.kills += 1

    def drain(self) -> None:
        done = subprocess.run(
            [sys.executable, str(WORKER), "drain", str(self.cache.path), self.cache.key.hex()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"kiosk {self.index} did not drain: {done.stderr[-2000:]}"


@dataclass
class DirectBooker:
    """A resident booking online from home: straight at the gateway, no kiosk in between."""

    gateway: RunningGateway
    keys: list[str]
    rng: random.Random
    confirmed: dict[str, str] = field(default_factory=dict)  # booking_id → slot_id

    def __post_init__(self) -> None:
        self.device = self.gateway.enroll("online-portal")

    def book_one(self) -> None:
        free = self.device.client.get("/v1/slots").json()["slots"]
        if not free:
            return
        body = {
            "action": "book",
            "booking_id": uuid.uuid4().hex,
            "lookup_key": self.rng.choice(self.keys),
            "slot_id": self.rng.choice(free),
        }
        answer = self.device.client.post("/v1/bookings", json=body).json()
        if answer["outcome"] == "booked":
            self.confirmed[body["booking_id"]] = body["slot_id"]


def _journal(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    # A kill can cut the very last line short; it was never shown as written (fsync follows).
    return [json.loads(line) for line in lines if line.endswith("}")]


def _kiosk_rows(cache: KioskCache, booking_id: str) -> dict[str, list[Any]]:
    conn = cache.connect()
    return {
        "ops": conn.execute(
            "SELECT action, slot_id, state, outbox_seq, reason FROM booking_ops"
            " WHERE booking_id = ?",
            (booking_id,),
        ).fetchall(),
        "outbox": conn.execute(
            "SELECT seq, kind, state, last_error FROM outbox WHERE payload LIKE ?",
            (f"%{booking_id}%",),
        ).fetchall(),
        "leases": conn.execute(
            "SELECT slot_id, expires_at FROM leases WHERE taken_by = ?", (booking_id,)
        ).fetchall(),
    }


def _bookings_made(kiosks: list[SimKiosk], direct: DirectBooker) -> int:
    made = sum(1 for kiosk in kiosks for entry in _journal(kiosk.journal) if entry["op"] == "book")
    return made + len(direct.confirmed)


def test_a_thousand_bookings_from_five_kiosks_with_outages_and_kills(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    settings = GatewaySettings(
        db_url=f"sqlite:///{tmp_path / 'gw.db'}",
        admin_token=ADMIN_TOKEN,
        lease_ttl=timedelta(seconds=8),
        lease_grace=timedelta(minutes=10),  # longer than any outage here (docs/gateway.md)
        leases_per_service_day=2,
        lease_days=3,
        clock=TickingClock(restart=True),  # the kiosk processes read the same clock
    )
    with running_gateway(settings) as gateway:
        cases = gateway.import_demo(CASES, SEED)
        port = int(gateway.url.rsplit(":", 1)[1])
        slices = [cases[i :: KIOSKS + 1] for i in range(KIOSKS + 1)]  # the last: online portal
        kiosks: list[SimKiosk] = []
        for index in range(KIOSKS):
            cache = KioskCache(tmp_path / f"kiosk{index}" / "cache.db", secrets.token_bytes(32))
            cache.path.parent.mkdir()
            proxy = SwitchableProxy(port)
            enroll(cache, gateway, url=proxy.url)
            cases_file = tmp_path / f"kiosk{index}" / "cases.json"
            cases_file.write_text(
                json.dumps(
                    [[c.case_number.canonical, c.birth_date.isoformat()] for c in slices[index]]
                )
            )
            kiosks.append(
                SimKiosk(index, cache, proxy, tmp_path / f"journal{index}.jsonl", cases_file)
            )
        direct = DirectBooker(gateway, [], rng)
        pepper = direct.device.pepper
        direct.keys = [
            derive_lookup_key(pepper, c.case_number, c.birth_date).hex() for c in slices[KIOSKS]
        ]
        for kiosk in kiosks:
            kiosk.start(rng.randrange(1 << 30))

        started = time.monotonic()
        outage_ends: dict[int, float] = {}
        try:
            while True:
                elapsed = time.monotonic() - started
                made = _bookings_made(kiosks, direct)
                if made >= TARGET_BOOKINGS and elapsed >= MIN_SECONDS:
                    break
                assert elapsed < MAX_SECONDS, f"only {made} bookings in {MAX_SECONDS} s"
                now = time.monotonic()
                for kiosk in kiosks:
                    if kiosk.process is not None and kiosk.process.poll() is not None:
                        raise AssertionError(
                            f"kiosk {kiosk.index} died: {kiosk.process.stderr.read()[-2000:]}"
                        )  # type: ignore[union-attr]
                    if kiosk.index in outage_ends and now >= outage_ends[kiosk.index]:
                        del outage_ends[kiosk.index]
                        kiosk.proxy.up()
                    elif kiosk.index not in outage_ends and rng.random() < 0.04:
                        outage_ends[kiosk.index] = now + rng.uniform(1.0, 12.0)
                        kiosk.proxy.down()
                        kiosk.outages += 1
                    if rng.random() < 0.015:
                        kiosk.kill()
                        kiosk.start(rng.randrange(1 << 30))
                if rng.random() < 0.5:
                    direct.book_one()
                time.sleep(0.1)
        finally:
            for kiosk in kiosks:
                kiosk.kill()
                kiosk.proxy.up()
        for kiosk in kiosks:
            kiosk.drain()

        journals = {kiosk.index: _journal(kiosk.journal) for kiosk in kiosks}
        db = sqlite3.connect(tmp_path / "gw.db")
        rows = db.execute("SELECT booking_id, slot_id, active FROM bookings").fetchall()
        outcomes = Counter(
            (kind, outcome, json.loads(response).get("reason"))
            for kind, outcome, response in db.execute(
                "SELECT kind, outcome, response FROM command_log"
            )
        )
        db.close()

    at_gateway = {booking_id: (slot_id, bool(active)) for booking_id, slot_id, active in rows}
    active_slots = Counter(slot_id for slot_id, active in at_gateway.values() if active)
    assert not [slot for slot, n in active_slots.items() if n > 1], "a slot was booked twice"

    # booking_id → what residents may rightly find at the gateway: the slots it may be active
    # at, and "" for cancelled. An attempt (a kill or an unanswered move can hide its outcome)
    # widens the set; a confirmation or a refusal settles it.
    expected: dict[str, set[str]] = {}
    before_attempt: dict[str, set[str]] = {}
    offline = 0
    for entries in journals.values():
        for entry in entries:
            booking_id, op = entry["booking_id"], entry["op"]
            if op in ("move?", "cancel?"):
                if booking_id not in expected:  # booked just before a kill hid its journal line
                    continue
                before_attempt[booking_id] = set(expected[booking_id])
                expected[booking_id].add(entry.get("slot_id", ""))
            elif op == "refused":
                if booking_id in before_attempt:
                    expected[booking_id] = before_attempt.pop(booking_id)
            elif op == "cancel":
                expected[booking_id] = {""}
            else:
                expected[booking_id] = {entry["slot_id"]}
                if entry["offline"]:
                    offline += 1
                    confirmed_at = datetime.fromisoformat(entry["at"])
                    expiry = datetime.fromisoformat(entry["lease_expires_at"])
                    assert confirmed_at < expiry, f"lease used past its expiry: {entry}"
    for booking_id, slot_id in direct.confirmed.items():
        expected[booking_id] = {slot_id}

    def as_told(booking_id: str, slots: set[str]) -> bool:
        slot_id, active = at_gateway.get(booking_id, (None, False))
        return slot_id in slots if active else "" in slots

    wrong = {
        booking_id: (sorted(slots), at_gateway.get(booking_id))
        for booking_id, slots in expected.items()
        if not as_told(booking_id, slots)
    }
    kiosk_side = {
        booking_id: [(kiosk.index, _kiosk_rows(kiosk.cache, booking_id)) for kiosk in kiosks]
        for booking_id in list(wrong)[:3]
    }
    history = {
        booking_id: [
            (k, e) for k, es in journals.items() for e in es if e["booking_id"] == booking_id
        ]
        for booking_id in list(wrong)[:3]
    }
    assert not wrong, (
        f"{history}\nkiosk side: {kiosk_side}\ncommands at the gateway: {dict(outcomes)}\n"
        f"{len(wrong)} confirmed bookings differ at the gateway: {list(wrong.items())[:5]}"
    )

    made = sum(1 for e in journals.values() for entry in e if entry["op"] == "book")
    summary = {
        "kiosk_bookings": made,
        "offline_confirmations": offline,
        "direct_bookings": len(direct.confirmed),
        "kills": sum(k.kills for k in kiosks) - KIOSKS,  # the final stop is not a crash
        "outages": sum(k.outages for k in kiosks),
        "active_at_gateway": sum(active_slots.values()),
        "seed": SEED,
        "commands": {"/".join(map(str, k)): n for k, n in outcomes.items()},
    }
    print("simulation:", json.dumps(summary))
    assert made + len(direct.confirmed) >= TARGET_BOOKINGS
    assert offline >= 20, f"too few offline bookings to mean anything: {summary}"
    assert summary["kills"] >= 5 and summary["outages"] >= 5, summary
