"""The soak (``make soak MINUTES=N``, outside CI): five kiosk processes booking, moving and
cancelling through proxies that drop, reset, delay and truncate connections and cut the network
for seconds at a time; random ``kill -9`` of kiosks; restarts of the gateway; a resident
booking online; and a clerk changing case statuses at the back-office (through the admin API,
until the counter application lands). For N minutes, then every kiosk drains and the run checks
that nothing was lost or doubled (booking_sim.verify), that every status the clerk was told
was saved is the gateway's, and that every cache and the gateway pass ``PRAGMA
integrity_check``. It prints the counts and exits 1 on any violation.

    python tests/sync/engine/soak.py --minutes 10 [--seed S] [--keep DIR] [--postgres [URL]]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The project first (tests/sync would pass for the sync package), then the test helpers.
sys.path[:0] = [str(HERE.parents[2]), str(HERE), str(HERE.parent), str(HERE.parents[1])]

import httpx  # noqa: E402
from booking_sim import (  # noqa: E402
    DirectBooker,
    SimKiosk,
    bookings_made,
    integrity,
    make_kiosks,
    verify,
)
from fixed_time import TickingClock  # noqa: E402
from gateway_harness import ADMIN_TOKEN, RunningGateway, running_gateway  # noqa: E402
from sim_proxy import FaultyProxy  # noqa: E402
from sqlalchemy import text  # noqa: E402

from kiosk_app.core.demo_cases import DemoCase  # noqa: E402
from kiosk_app.core.statuses import CaseStatus  # noqa: E402
from sync.gateway.database import make_engine  # noqa: E402
from sync.gateway.settings import GatewaySettings  # noqa: E402

KIOSKS = 5
CASES = 1800
TICK_S = 0.1
LIFETIME_S = (2.0, 10.0)  # a kiosk process is killed this long after it started
OUTAGE_CHANCE = 0.02
FAULT_RATE = 0.06  # of connections through each kiosk's proxy
RESTART_EVERY_S = (45.0, 120.0)


@dataclass
class Clerk:
    """Staff changing case statuses at the back-office; a change counts once the gateway
    answered it, and an unanswered one is tried again (as a person would)."""

    gateway: RunningGateway
    cases: list[DemoCase]
    rng: random.Random
    saved: dict[str, str] = field(default_factory=dict)  # case number → status last saved
    retry: dict[str, str] = field(default_factory=dict)
    unanswered: int = 0

    def act(self) -> None:
        if self.retry:
            number, status = next(iter(self.retry.items()))
        else:
            number = self.rng.choice(self.cases).case_number.canonical
            status = self.rng.choice(list(CaseStatus)).value
        try:
            response = self.gateway.admin.put(
                f"/admin/v1/cases/{number}/status", json={"status": status}, timeout=5
            )
            response.raise_for_status()
        except httpx.HTTPError:
            self.unanswered += 1
            self.retry[number] = status
            return
        self.retry.pop(number, None)
        self.saved[number] = status

    def finish(self) -> None:
        for _ in range(200):
            if not self.retry:
                return
            self.act()
            time.sleep(0.05)
        raise AssertionError(f"the clerk's changes never went through: {self.retry}")

    def check(self, db_url: str) -> None:
        engine = make_engine(db_url)
        try:
            with engine.connect() as db:
                rows = db.execute(text("SELECT case_number, status FROM cases")).all()
        finally:
            engine.dispose()
        stored = {number: status for number, status in rows}
        wrong = {n: (s, stored.get(n)) for n, s in self.saved.items() if stored.get(n) != s}
        assert not wrong, f"status changes the clerk saw saved are not at the gateway: {wrong}"


def soak(folder: Path, minutes: float, seed: int, db_url: str | None = None) -> dict[str, object]:
    """``db_url``: the gateway's database (a PostgreSQL schema); None: SQLite in ``folder``."""
    rng = random.Random(seed)
    gateway_db = folder / "gw.db"
    db_url = db_url or f"sqlite:///{gateway_db}"
    settings = GatewaySettings(
        db_url=db_url,
        admin_token=ADMIN_TOKEN,
        lease_ttl=timedelta(seconds=20),
        lease_grace=timedelta(minutes=30),  # longer than any outage here (docs/gateway.md)
        leases_per_service_day=2,
        lease_days=3,
        clock=TickingClock(restart=True),  # the kiosk processes read the same clock
    )
    with running_gateway(settings) as gateway:
        cases = gateway.import_demo(CASES, seed)
        port = int(gateway.url.rsplit(":", 1)[1])
        slices = [cases[i :: KIOSKS + 2] for i in range(KIOSKS + 2)]
        kiosks = make_kiosks(
            folder, gateway, slices[:KIOSKS], lambda: FaultyProxy(port, rng, FAULT_RATE)
        )
        direct = DirectBooker(gateway, slices[KIOSKS], rng)
        clerk = Clerk(gateway, slices[KIOSKS + 1], rng)
        kill_at: dict[int, float] = {}
        for kiosk in kiosks:
            kiosk.start(rng.randrange(1 << 30))
            kill_at[kiosk.index] = time.monotonic() + rng.uniform(*LIFETIME_S)

        restarts = 0
        started = time.monotonic()
        next_restart = started + rng.uniform(*RESTART_EVERY_S)
        outage_ends: dict[int, float] = {}
        last_report = started
        try:
            while (now := time.monotonic()) - started < minutes * 60:
                for kiosk in kiosks:
                    if last_words := kiosk.died():
                        raise AssertionError(last_words)
                    if kiosk.index in outage_ends and now >= outage_ends[kiosk.index]:
                        del outage_ends[kiosk.index]
                        kiosk.proxy.up()
                    elif kiosk.index not in outage_ends and rng.random() < OUTAGE_CHANCE:
                        outage_ends[kiosk.index] = now + rng.uniform(1.0, 15.0)
                        kiosk.proxy.down()
                        kiosk.outages += 1
                    if now >= kill_at[kiosk.index]:
                        kiosk.kill()
                        kiosk.start(rng.randrange(1 << 30))
                        kill_at[kiosk.index] = now + rng.uniform(*LIFETIME_S)
                if now >= next_restart:
                    gateway.restart()
                    restarts += 1
                    next_restart = now + rng.uniform(*RESTART_EVERY_S)
                if rng.random() < 0.3:
                    direct.book_one()
                if rng.random() < 0.2:
                    clerk.act()
                if now - last_report >= 30:
                    last_report = now
                    print(
                        f"  {(now - started) / 60:4.1f} min: {count_kills(kiosks)} kills, "
                        f"{restarts} gateway restarts, {bookings_made(kiosks, direct)} bookings",
                        flush=True,
                    )
                time.sleep(TICK_S)
        finally:
            for kiosk in kiosks:
                kiosk.kill()
                calm(kiosk)
        for kiosk in kiosks:
            kiosk.drain()
        clerk.finish()
        summary = verify(kiosks, direct, db_url)
        clerk.check(db_url)
        faults: Counter[str] = Counter()
        for kiosk in kiosks:
            faults.update(getattr(kiosk.proxy, "faults", {}))
            checked = integrity(kiosk.cache.path, kiosk.cache.key)
            assert checked == "ok", f"kiosk {kiosk.index}'s cache: {checked}"
        if db_url.startswith("sqlite"):  # PostgreSQL's own integrity is the server's business
            assert integrity(gateway_db) == "ok", "the gateway's database is damaged"

    return {
        "database": db_url.split(":", 1)[0],
        "minutes": minutes,
        "seed": seed,
        "kills": count_kills(kiosks),
        "gateway_restarts": restarts,
        "outages": sum(kiosk.outages for kiosk in kiosks),
        "faults": dict(faults),
        "actions": {
            "kiosk_bookings": summary["kiosk_bookings"],
            "offline_confirmations": summary["offline_confirmations"],
            "online_bookings": summary["direct_bookings"],
            "online_unanswered": direct.unanswered,
            "status_changes": len(clerk.saved),
            "status_changes_retried": clerk.unanswered,
        },
        "confirmed_bookings_checked": summary["confirmed_checked"],
        "active_bookings_at_gateway": summary["active_at_gateway"],
        "commands": summary["commands"],
        "integrity_check": "ok",
    }


def count_kills(kiosks: list[SimKiosk]) -> int:
    running = sum(1 for kiosk in kiosks if kiosk.process is not None)
    return sum(kiosk.kills for kiosk in kiosks) - (KIOSKS - running)  # the final stop: no crash


def calm(kiosk: SimKiosk) -> None:
    """The network back and faultless, for the drain."""
    if isinstance(kiosk.proxy, FaultyProxy):
        kiosk.proxy.rate = 0.0
    kiosk.proxy.up()


POSTGRES_URL = os.environ.get(
    "KIOSK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@contextmanager
def scratch_schema(server: str | None) -> Iterator[str | None]:
    """A schema of its own on the PostgreSQL ``server`` (its URL for the gateway), dropped
    afterwards; None without a server."""
    if server is None:
        yield None
        return
    import psycopg

    schema = f"soak_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        info = admin.info
        try:
            base = f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{info.dbname}"
            yield f"{base}?options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", type=Path, help="keep the caches, journals and gateway here")
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=POSTGRES_URL,
        help=f"the gateway on PostgreSQL, in a scratch schema (default server {POSTGRES_URL})",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    print(f"soak: {args.minutes} min, seed {args.seed}, in {folder}", flush=True)
    try:
        with scratch_schema(args.postgres) as db_url:
            result = soak(folder, args.minutes, args.seed, db_url)
    except AssertionError as problem:
        print(f"SOAK FAILED (seed {args.seed}, files kept in {folder}): {problem}")
        return 1
    print("soak passed:", json.dumps(result, indent=2))
    if args.keep:
        shutil.copytree(folder, args.keep, dirs_exist_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
