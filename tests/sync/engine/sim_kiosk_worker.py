"""One kiosk process of the booking simulation (test_booking_simulation.py).

``book``: residents book, move and cancel at random for the cases this kiosk serves (a slice of
its own, so no two kiosks act on one booking), while the sync engine runs in its thread. Every
change a resident was shown as confirmed is appended to the journal, flushed and fsync'd, before
the next one starts; the parent kills the process with SIGKILL at random moments.
``drain``: with the network back, sync until nothing is left to send, then exit 0.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from kiosk_app.appointment_desk import DeskSettings, KioskAppointmentDesk, start_desk_and_engine
from kiosk_app.core.appointments import BookingUnconfirmed
from kiosk_app.core.booking import SERVICES
from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.errors import KioskError
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.store.appointments import BookingOps
from kiosk_app.store.connection import open_cache
from kiosk_app.store.leases import LeaseStore
from kiosk_app.store.meta import CacheMeta
from kiosk_app.store.outbox import Outbox
from sync.engine import EngineSettings

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/: fixed_time
from fixed_time import TickingClock, fixed_office_time

ENGINE = EngineSettings(
    interval_s=0.3, backoff_base_s=0.1, backoff_cap_s=0.5, timeout_s=3.0, slots_interval_s=1.0
)
# The test's clock, shared with the gateway (same anchor, inherited from the test process).
TIME = fixed_office_time(TickingClock())
DESK = DeskSettings(timeout_s=3.0, connect_timeout_s=0.5, margin=timedelta(seconds=1))


class Journal:
    def __init__(self, path: Path) -> None:
        self._file = path.open("a", encoding="utf-8")

    def write(self, **entry: object) -> None:
        self._file.write(json.dumps(entry, default=str) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())


def _lease_expiry(conn: object, slot_id: str) -> str | None:
    for lease in LeaseStore(conn).all():  # type: ignore[arg-type]
        if lease.slot_id == slot_id:
            return lease.expires_at.isoformat()
    return None


def _act(
    desk: KioskAppointmentDesk, conn: object, key: bytes, rng: random.Random, journal: Journal
) -> None:
    """One resident's action. A move or cancel is journaled as attempted (``move?``,
    ``cancel?``) before it starts, because a kill can land between the kiosk confirming it and
    the journal line; then as done, or as ``refused`` (nothing changed)."""
    mine = desk.appointments(key)
    roll = rng.random()
    if mine and roll < 0.15:
        gone = rng.choice(mine)
        journal.write(op="cancel?", booking_id=gone.booking_id)
        try:
            desk.cancel(key, gone.booking_id)
        except KioskError:
            journal.write(op="refused", booking_id=gone.booking_id)
            raise
        journal.write(op="cancel", booking_id=gone.booking_id, at=TIME.utc_now())
        return
    moving = mine[0] if mine and roll < 0.3 else None
    service = moving.service if moving else rng.choice(sorted(SERVICES))
    days = [day for day in desk.days(service) if day.free > 0]
    if not days:
        return
    times = desk.times(service, rng.choice(days).day)
    if not times:
        return
    slot_id = rng.choice(times).slot_id
    if moving is not None:
        journal.write(op="move?", booking_id=moving.booking_id, slot_id=slot_id)
        try:
            done = desk.move(key, moving.booking_id, slot_id)
        except BookingUnconfirmed:
            raise  # "we cannot say yet whether it was moved": either time is right
        except KioskError:
            journal.write(op="refused", booking_id=moving.booking_id)
            raise
    else:
        done = desk.book(key, slot_id)
    journal.write(
        op="move" if moving else "book",
        booking_id=done.appointment.booking_id,
        slot_id=slot_id,
        offline=done.offline,
        at=TIME.utc_now(),
        lease_expires_at=_lease_expiry(conn, slot_id) if done.offline else None,
    )


def book(path: Path, key: bytes, seed: int, cases: list[tuple[str, str]], journal: Journal) -> None:
    rng = random.Random(seed)
    open_conn = lambda: open_cache(path, key)  # noqa: E731
    desk, _engine = start_desk_and_engine(
        open_conn, engine_settings=ENGINE, desk_settings=DESK, time=TIME
    )
    conn = open_conn()
    meta = CacheMeta(conn)
    while meta.pepper is None:  # the first sync of a fresh kiosk
        time.sleep(0.1)
    pepper = meta.pepper
    keys = [
        derive_lookup_key(pepper, CaseNumber.parse(number), date.fromisoformat(born))
        for number, born in cases
    ]
    print("ready", flush=True)
    while True:
        # Taken, no lease left, unconfirmed …: the resident is told; nothing more to journal.
        with contextlib.suppress(KioskError):
            _act(desk, conn, rng.choice(keys), rng, journal)
        time.sleep(rng.uniform(0.0, 0.03))


def drain(path: Path, key: bytes) -> None:
    desk, engine = start_desk_and_engine(
        lambda: open_cache(path, key),
        engine_settings=ENGINE,
        desk_settings=DESK,
        start=False,
        time=TIME,
    )
    conn = open_cache(path, key)
    for _ in range(200):
        status = engine.sync_once()
        counts = Outbox(conn).counts()
        if (
            status.online
            and counts["pending"] + counts["void"] == 0
            and not (BookingOps(conn).in_state("sending", "pending"))
        ):
            desk.close()
            return
        time.sleep(0.1)
    sys.exit("outbox not drained")


def main() -> None:
    mode, path, key = sys.argv[1], Path(sys.argv[2]), bytes.fromhex(sys.argv[3])
    if mode == "drain":
        drain(path, key)
        return
    seed, cases_file, journal_path = int(sys.argv[4]), Path(sys.argv[5]), Path(sys.argv[6])
    cases = [tuple(pair) for pair in json.loads(cases_file.read_text())]
    book(path, key, seed, cases, Journal(journal_path))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
