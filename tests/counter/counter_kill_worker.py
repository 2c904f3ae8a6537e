"""A counter process for the kill -9 test: queues staff actions and pushes them until killed.

Prints ``loaded`` once imported, then waits for ``go`` on stdin before it opens the cache (the
test starts the next worker while the current one runs: the import time is not waited out).
Prints ``queued <seq>`` once the action's transaction committed (the clerk saw it done: it
must reach the gateway exactly once) and ``acked <seq>`` once the gateway's answer is stored.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: fixed_time
from fixed_time import TickingClock, fixed_office_time

from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import CounterDesk
from sync.protocol import StaffCaseViewed, StaffMarkDocuments
from sync.staff_client import StaffClient

DOCUMENTS = ("passport", "photo", "application_form", "health_insurance", "registration")


def main() -> None:
    path, key, seed = Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), int(sys.argv[3])
    session_id, numbers = sys.argv[4], sys.argv[5].split(",")
    print("loaded", flush=True)
    if sys.stdin.readline().strip() != "go":
        return  # the test ended without needing this worker
    rng = random.Random(seed)
    office_time = fixed_office_time(TickingClock())  # type: ignore[arg-type]
    cache = CounterCache.open(path, key)
    desk = CounterDesk(cache, office_time, StaffClient)
    print("ready", flush=True)
    while True:
        for _ in range(rng.randint(1, 4)):
            number = rng.choice(numbers)
            if rng.random() < 0.8:
                documents = rng.sample(DOCUMENTS, rng.randint(1, 2))
                payload: StaffMarkDocuments | StaffCaseViewed = StaffMarkDocuments(
                    session_id=session_id, case_number=number, documents=documents
                )
            else:
                payload = StaffCaseViewed(session_id=session_id, case_number=number)
            seq = cache.append(payload, office_time.utc_now(), office_time.today())
            print(f"queued {seq}", flush=True)
        for answer in desk.push():
            print(f"acked {answer.seq}", flush=True)


if __name__ == "__main__":
    main()
