"""The moving parts of the booking simulation (test_booking_simulation.py) and the soak
(soak.py): kiosk processes with their own proxies, a resident booking online, and the check
that what every resident was told is what the gateway holds."""

from __future__ import annotations

import json
import random
import secrets
import signal
import sqlite3
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import httpx
from gateway_harness import RunningGateway
from kiosk_harness import KioskCache, enroll
from sqlalchemy import text

from kiosk_app.core.demo_cases import DemoCase
from kiosk_app.core.lookup_key import derive_lookup_key
from sync.gateway.database import make_engine

WORKER = Path(__file__).with_name("sim_kiosk_worker.py")


class KioskLink(Protocol):
    """What stands between a kiosk and the gateway (a switchable or a faulty proxy)."""

    @property
    def url(self) -> str: ...

    def up(self) -> None: ...

    def down(self) -> None: ...


@dataclass
class SimKiosk:
    index: int
    cache: KioskCache
    proxy: KioskLink
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

    def died(self) -> str | None:
        """Its last words, if the process ended by itself (a crash, not a kill of ours)."""
        if self.process is not None and self.process.poll() is not None:
            stderr = self.process.stderr.read() if self.process.stderr else ""
            return f"kiosk {self.index} died: {stderr[-2000:]}"
        return None

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
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"kiosk {self.index} did not drain: {done.stderr[-2000:]}"


def make_kiosks(
    folder: Path,
    gateway: RunningGateway,
    slices: list[list[DemoCase]],
    link: Callable[[], KioskLink],
) -> list[SimKiosk]:
    """One enrolled kiosk per slice of cases, each behind its own ``link()``."""
    kiosks = []
    for index, cases in enumerate(slices):
        cache = KioskCache(folder / f"kiosk{index}" / "cache.db", secrets.token_bytes(32))
        cache.path.parent.mkdir(parents=True)
        proxy = link()
        enroll(cache, gateway, url=proxy.url)
        cases_file = folder / f"kiosk{index}" / "cases.json"
        cases_file.write_text(
            json.dumps([[c.case_number.canonical, c.birth_date.isoformat()] for c in cases])
        )
        kiosks.append(SimKiosk(index, cache, proxy, folder / f"journal{index}.jsonl", cases_file))
    return kiosks


@dataclass
class DirectBooker:
    """A resident booking online from home: straight at the gateway, no kiosk in between."""

    gateway: RunningGateway
    cases: list[DemoCase]
    rng: random.Random
    confirmed: dict[str, str] = field(default_factory=dict)  # booking_id → slot_id
    unanswered: int = 0  # the gateway went away mid-request: the resident was told nothing

    def __post_init__(self) -> None:
        self.device = self.gateway.enroll("online-portal")
        pepper = self.device.pepper
        self.keys = [
            derive_lookup_key(pepper, c.case_number, c.birth_date).hex() for c in self.cases
        ]

    def book_one(self) -> None:
        try:
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
        except (httpx.HTTPError, ValueError):
            self.unanswered += 1
            return
        if answer["outcome"] == "booked":
            self.confirmed[body["booking_id"]] = body["slot_id"]


def journal_entries(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    # A kill can cut the very last line short; it was never shown as written (fsync follows).
    return [json.loads(line) for line in lines if line.endswith("}")]


def bookings_made(kiosks: list[SimKiosk], direct: DirectBooker) -> int:
    made = sum(
        1 for kiosk in kiosks for entry in journal_entries(kiosk.journal) if entry["op"] == "book"
    )
    return made + len(direct.confirmed)


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


def verify(kiosks: list[SimKiosk], direct: DirectBooker, db_url: str) -> dict[str, Any]:
    """With every kiosk drained: no slot booked twice, every confirmed booking at the gateway
    (its database: ``db_url``, SQLite or PostgreSQL) exactly as its resident last saw it, no
    lease used past its expiry. Returns the counts."""
    journals = {kiosk.index: journal_entries(kiosk.journal) for kiosk in kiosks}
    engine = make_engine(db_url)
    try:
        with engine.connect() as db:
            rows = db.execute(text("SELECT booking_id, slot_id, active FROM bookings")).all()
            logged = db.execute(text("SELECT kind, outcome, response FROM command_log")).all()
    finally:
        engine.dispose()
    outcomes = Counter(
        (kind, outcome, json.loads(response).get("reason")) for kind, outcome, response in logged
    )

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
    return {
        "kiosk_bookings": sum(1 for e in journals.values() for entry in e if entry["op"] == "book"),
        "offline_confirmations": offline,
        "direct_bookings": len(direct.confirmed),
        "confirmed_checked": len(expected),
        "active_at_gateway": sum(active_slots.values()),
        "commands": {"/".join(map(str, k)): n for k, n in outcomes.items()},
    }


def integrity(path: Path, key: bytes | None = None) -> str:
    """``PRAGMA integrity_check`` of a kiosk cache (with its key) or the gateway's SQLite."""
    if key is None:
        with sqlite3.connect(path) as db:
            return str(db.execute("PRAGMA integrity_check").fetchone()[0])
    from kiosk_app.store.connection import open_cache

    conn = open_cache(path, key)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()
