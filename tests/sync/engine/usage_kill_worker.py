"""A kiosk process for the usage kill -9 test: counts figures and syncs until it is killed.

Each figure is counted in one transaction with the running total of what was counted
(``usage_state`` key ``test_counted``): whatever moment the kill lands on, the cache says
exactly how much was counted, so the test can hold the gateway to it.
"""

from __future__ import annotations

import random
import sys
from datetime import timedelta
from pathlib import Path

from kiosk_app.core.usage_events import UsageCount, hour_of, lead_time_bucket
from kiosk_app.store.connection import open_cache
from kiosk_app.store.transactions import transaction
from kiosk_app.store.usage import add_count, get_state, set_state
from sync.engine import EngineSettings, SyncEngine

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/: fixed_time
from fixed_time import fixed_now

COUNTED = "test_counted"  # "<figures> <value sum>"
LANGUAGES = ("de", "ar", "tr", "uk")


def main() -> None:
    path, key, seed = Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    conn = open_cache(path, key)
    # Each run starts further on, so runs cross hours and the running hour's throttle.
    clock_at = [fixed_now() + timedelta(minutes=23 * seed)]
    engine = SyncEngine(
        lambda: open_cache(path, key),
        lambda _status: None,
        EngineSettings(timeout_s=5, clock=lambda: clock_at[0]),
    )
    print("ready", flush=True)
    while True:
        for _ in range(rng.randint(1, 6)):
            days = rng.randint(0, 40)
            figure = UsageCount(
                hour_of(clock_at[0]),
                "booking",
                language=rng.choice(LANGUAGES),
                service="biometrics",
                outcome="made",
                bucket=lead_time_bucket(days),
                value_sum=days,
            )
            with transaction(conn):
                add_count(conn, figure)
                figures, days_sum = (get_state(conn, COUNTED) or "0 0").split()
                set_state(conn, COUNTED, f"{int(figures) + 1} {int(days_sum) + days}")
        engine.sync_once()
        clock_at[0] += timedelta(minutes=rng.randint(1, 9))


if __name__ == "__main__":
    main()
