"""A seeded, randomized simulation of the whole booking system: five kiosk processes (real
encrypted caches, desks and sync engines) with random network outages and ``kill -9``s, plus
direct online bookings, all converging on one real gateway on loopback.

Afterwards, with every kiosk drained:
- no slot is booked twice;
- every booking a resident was shown as confirmed is at the gateway exactly once, in the state
  the resident last saw (booked at that slot, moved there, or cancelled);
- no offline booking used a lease past its expiry (judged by the wall clock against the expiry
  the gateway granted).

The longer run with faults of every kind and gateway restarts is ``make soak`` (soak.py).
"""

from __future__ import annotations

import json
import os
import random
import time
from datetime import timedelta
from pathlib import Path

from booking_sim import DirectBooker, bookings_made, make_kiosks, verify
from fixed_time import TickingClock
from gateway_harness import ADMIN_TOKEN, running_gateway
from sim_proxy import SwitchableProxy

from sync.gateway.settings import GatewaySettings

SEED = int(os.environ.get("KIOSK_SIM_SEED", "20261127"))
KIOSKS = 5
CASES = 1500
TARGET_BOOKINGS = 1000  # confirmed bookings (kiosk journals + direct online), moves not counted
MIN_SECONDS = 25  # long enough for leases (8 s) to expire during outages
MAX_SECONDS = 240


def test_a_thousand_bookings_from_five_kiosks_with_outages_and_kills(
    tmp_path: Path, gateway_db_url: str
) -> None:
    """On SQLite (the Python booking path) and PostgreSQL (the server-side one, booking_pg)."""
    rng = random.Random(SEED)
    settings = GatewaySettings(
        db_url=gateway_db_url,
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
        kiosks = make_kiosks(tmp_path, gateway, slices[:KIOSKS], lambda: SwitchableProxy(port))
        direct = DirectBooker(gateway, slices[KIOSKS], rng)
        for kiosk in kiosks:
            kiosk.start(rng.randrange(1 << 30))

        started = time.monotonic()
        outage_ends: dict[int, float] = {}
        try:
            while True:
                elapsed = time.monotonic() - started
                made = bookings_made(kiosks, direct)
                if made >= TARGET_BOOKINGS and elapsed >= MIN_SECONDS:
                    break
                assert elapsed < MAX_SECONDS, f"only {made} bookings in {MAX_SECONDS} s"
                now = time.monotonic()
                for kiosk in kiosks:
                    assert (last_words := kiosk.died()) is None, last_words
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
        summary = verify(kiosks, direct, gateway_db_url)

    summary |= {
        "kills": sum(k.kills for k in kiosks) - KIOSKS,  # the final stop is not a crash
        "outages": sum(k.outages for k in kiosks),
        "seed": SEED,
    }
    print("simulation:", json.dumps(summary))
    assert summary["kiosk_bookings"] + summary["direct_bookings"] >= TARGET_BOOKINGS
    assert summary["offline_confirmations"] >= 20, f"too few offline bookings: {summary}"
    assert summary["kills"] >= 5 and summary["outages"] >= 5, summary
