"""A kiosk process for the kill -9 test: queues commands and syncs until it is killed.

Prints ``queued <seq>`` only after the command's transaction committed: from then on the
resident was told "done", so the command must reach the gateway exactly once.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from kiosk_app.store.connection import open_cache
from kiosk_app.store.outbox import Outbox
from sync.engine import EngineSettings, SyncEngine
from sync.protocol import MarkDocumentsReceived

DOCUMENTS = ("passport", "photo", "application_form", "health_insurance", "registration")


sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/: fixed_time
from fixed_time import TickingClock  # noqa: E402


def main() -> None:
    path, key, seed = Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    conn = open_cache(path, key)
    outbox = Outbox(conn)
    clock = TickingClock()
    engine = SyncEngine(
        lambda: open_cache(path, key),
        lambda _status: None,
        EngineSettings(page_limit=20, timeout_s=5, clock=clock),
    )
    print("ready", flush=True)  # imported and opened: the test's kill window starts now
    while True:
        row = conn.execute("SELECT lookup_key FROM cases ORDER BY random() LIMIT 1").fetchone()
        if row is not None and rng.random() < 0.7:
            payload = MarkDocumentsReceived(
                lookup_key=bytes(row[0]).hex(), documents=[rng.choice(DOCUMENTS)]
            )
            seq = outbox.append(payload.kind, payload.model_dump_json(), clock())
            print(f"queued {seq}", flush=True)
        engine.sync_once()


if __name__ == "__main__":
    main()
