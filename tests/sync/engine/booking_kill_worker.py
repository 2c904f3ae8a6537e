"""A kiosk process for the booking kill -9 test: books (online, or offline from leases),
sometimes cancels, and syncs, until it is killed.

Prints ``confirmed <booking_id>`` only after ``book`` returned (the resident saw the
confirmation) and ``cancelled <booking_id>`` after ``cancel`` returned.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from kiosk_app.appointment_desk import DeskSettings, start_desk_and_engine
from kiosk_app.core.booking import SERVICES
from kiosk_app.core.errors import KioskError
from kiosk_app.store.connection import open_cache
from sync.engine import EngineSettings

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/: fixed_time
from fixed_time import TickingClock, fixed_office_time


def main() -> None:
    path, key, seed = Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    conn = open_cache(path, key)
    desk, engine = start_desk_and_engine(
        lambda: open_cache(path, key),
        engine_settings=EngineSettings(timeout_s=2, slots_interval_s=0.0),
        desk_settings=DeskSettings(timeout_s=2, connect_timeout_s=0.5),
        start=False,
        time=fixed_office_time(TickingClock()),
    )
    services = sorted(SERVICES)
    while True:
        engine.sync_once()
        if rng.random() < 0.5:
            desk.engine.mark_unreachable()  # book from leases without trying the gateway
        row = conn.execute("SELECT lookup_key FROM cases ORDER BY random() LIMIT 1").fetchone()
        if row is None:
            continue
        lookup_key = bytes(row[0])
        mine = desk.appointments(lookup_key)
        if mine and rng.random() < 0.2:
            victim = rng.choice(mine)
            print(f"cancelling {victim.booking_id}", flush=True)
            try:
                desk.cancel(lookup_key, victim.booking_id)
            except KioskError:
                continue
            print(f"cancelled {victim.booking_id}", flush=True)
            continue
        service = rng.choice(services)
        days = [day.day for day in desk.days(service) if day.free]
        if not days:
            continue
        choices = desk.times(service, rng.choice(days))
        if not choices:
            continue
        try:
            confirmation = desk.book(lookup_key, rng.choice(choices).slot_id)
        except KioskError:
            continue
        print(f"confirmed {confirmation.appointment.booking_id}", flush=True)


if __name__ == "__main__":
    main()
