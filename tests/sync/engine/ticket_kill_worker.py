"""A kiosk process for the walk-in kill -9 test: syncs (pushing its tickets, renewing its ticket
leases), then issues tickets from its lease as if offline until the lease is used up, again and
again, until it is killed. Prints ``issued <ticket_id> <label>`` only after ``issue`` returned
(the resident saw the number)."""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from kiosk_app.appointment_desk import EngineState
from kiosk_app.core.errors import KioskError
from kiosk_app.store.connection import open_cache
from kiosk_app.walk_in_desk import KioskWalkInDesk
from sync.engine import EngineSettings, SyncEngine


def main() -> None:
    path, key = Path(sys.argv[1]), bytes.fromhex(sys.argv[2])
    start, anchor = datetime.fromisoformat(sys.argv[3]), float(sys.argv[4])

    def clock() -> datetime:
        return start + timedelta(seconds=time.time() - anchor)

    settings = EngineSettings(timeout_s=2, slots_interval_s=0.0, clock=clock)
    engine = SyncEngine(lambda: open_cache(path, key), lambda _status: None, settings)
    desk = KioskWalkInDesk(lambda: open_cache(path, key), EngineState(online=False), clock=clock)
    print("ready", flush=True)  # imported: the test's kill window starts now
    while True:
        engine.sync_once()
        while True:
            try:
                ticket = desk.issue("card_pickup", "ar", 0, 0)
            except KioskError:
                break  # used up: sync for a new lease
            print(f"issued {ticket.ticket_id} {ticket.label}", flush=True)


if __name__ == "__main__":
    main()
