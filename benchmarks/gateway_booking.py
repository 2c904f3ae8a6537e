"""Gateway booking throughput: successful online bookings per second with 50 concurrent clients.

gateway_bookings_per_s_sqlite    ``POST /v1/bookings`` against a gateway process on loopback
gateway_bookings_per_s_postgres  (its own process, as in production) on SQLite / PostgreSQL;
                                 each client books its own distinct (case, slot) pairs, so every
                                 request is a full booking transaction (locks, checks, insert
                                 under the unique indexes, the case's feed row).
gateway_bookings_per_s_postgres_3p  the same against three gateway processes on one PostgreSQL
                                 schema, the clients spread over them in turn (as a load
                                 balancer spreads connections; docs/gateway.md "Running several
                                 processes").
The PostgreSQL figures are None when no server answers at ``$KIOSK_BENCH_POSTGRES_URL`` (default
``postgresql://postgres@127.0.0.1:5432/test``); each runs in a scratch schema dropped afterwards.

``python -m benchmarks.gateway_booking [--quick] [--cpu]`` prints the figures; ``--cpu`` also
where the CPU time of each run went (Linux ``/proc``): the gateway processes, the PostgreSQL
server's processes, the benchmark's own clients and the whole machine, per booking.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.demo_cases import generate
from kiosk_app.core.lookup_key import derive_lookup_key
from sync.gateway.app import create_app
from sync.gateway.demo import seed_demo
from sync.gateway.process import GatewayProcess
from sync.gateway.settings import GatewaySettings
from sync.protocol import BookingOutcome, Enrollment, FreeSlots

CLIENTS = 50
DEVICES = 10
ADMIN = "bench-admin-" + secrets.token_hex(8)
POSTGRES_URL = os.environ.get(
    "KIOSK_BENCH_POSTGRES_URL",
    os.environ.get("KIOSK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
)


def bookings_per_second(
    db_url: str,
    clients: int = CLIENTS,
    per_client: int = 20,
    processes: int = 1,
    cpu: dict[str, float] | None = None,
) -> float:
    """Seed ``clients * per_client`` cases, start ``processes`` gateway processes, let
    ``clients`` threads (client n talks to process n mod ``processes``) book one slot per case as
    fast as answers come; successful bookings per wall-clock second. ``cpu``, if given, is
    filled with the CPU milliseconds per booking of the timed part (``_cpu_split``)."""
    total = clients * per_client
    today = date.today()
    app = create_app(GatewaySettings(db_url=db_url))  # migrates, creates dataset and catalog
    engine = app.state.gateway.engine
    try:
        seed_demo(engine, total, 23, today)
    finally:
        engine.dispose()
    servers: list[GatewayProcess] = []
    try:
        for _ in range(processes):
            servers.append(GatewayProcess(db_url, ADMIN).start())
        server = servers[0]
        devices = [_enroll(server.url, n) for n in range(DEVICES)]
        pepper = bytes.fromhex(devices[0].pepper)
        with httpx.Client(base_url=server.url, headers=_auth(devices[0])) as http:
            slots = FreeSlots.model_validate_json(http.get("/v1/slots").content).slots
        if len(slots) < total:
            raise RuntimeError(f"only {len(slots)} free slots for {total} bookings")
        keys = [
            derive_lookup_key(pepper, CaseNumber.parse(case.case_number.canonical), case.birth_date)
            for case in generate(total, 23, today)
        ]
        # Spread over the calendar: consecutive bookings hit different days and services.
        step = len(slots) // total
        work = [(keys[n].hex(), slots[n * step]) for n in range(total)]
        barrier = threading.Barrier(clients + 1)
        booked = [0] * clients
        errors: list[str] = []

        def client(index: int) -> None:
            device = devices[index % len(devices)]
            mine = work[index::clients]
            url = servers[index % len(servers)].url
            with httpx.Client(base_url=url, headers=_auth(device), timeout=60) as http:
                http.get("/v1/health")  # connect before the clock starts
                barrier.wait()
                for key, slot in mine:
                    body = {
                        "action": "book",
                        "booking_id": uuid.uuid4().hex,
                        "lookup_key": key,
                        "slot_id": slot,
                    }
                    try:
                        response = http.post("/v1/bookings", json=body)
                    except httpx.TransportError:
                        # A kept-alive connection the server closed after the wait at the
                        # barrier: resent with the same booking id, as a kiosk does (idempotent).
                        response = http.post("/v1/bookings", json=body)
                    outcome = BookingOutcome.model_validate_json(response.content)
                    if outcome.outcome == "booked":
                        booked[index] += 1
                    else:
                        errors.append(str(outcome.reason))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        barrier.wait()
        started, before = time.perf_counter(), _cpu_seconds(servers)
        for thread in threads:
            thread.join()
        elapsed, after = time.perf_counter() - started, _cpu_seconds(servers)
        if cpu is not None and after:
            cpu.update(_cpu_split(before, after, sum(booked)))
    finally:
        for running in servers:
            running.stop()
    if errors:
        raise RuntimeError(f"{len(errors)} bookings refused, e.g. {errors[0]}")
    return sum(booked) / elapsed


def _cpu_seconds(servers: list[GatewayProcess]) -> dict[str, float]:
    """CPU seconds used so far by the gateway processes, this process (the clients) and the
    whole machine, and by each PostgreSQL process (``postgres:<pid>``; Linux, else nothing)."""
    proc = Path("/proc")
    if not (proc / "stat").exists():
        return {}
    tick = os.sysconf("SC_CLK_TCK")

    def used(pid: int | str) -> float:
        try:
            fields = (proc / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0  # ended meanwhile
        return (int(fields[11]) + int(fields[12])) / tick

    def named_postgres(pid: str) -> bool:
        try:
            return (proc / pid / "comm").read_text().strip() == "postgres"
        except OSError:
            return False

    ticks = (proc / "stat").read_text().split("\n", 1)[0].split()[1:]
    busy = sum(int(n) for n in ticks[:3]) + sum(int(n) for n in ticks[5:8])  # not idle, iowait
    return {
        "gateway": sum(used(server.pid) for server in servers if server.pid is not None),
        "clients": used(os.getpid()),
        "machine": busy / tick,
        **{f"postgres:{pid}": used(pid) for pid in os.listdir(proc) if named_postgres(pid)},
    }


def _cpu_split(before: dict[str, float], after: dict[str, float], done: int) -> dict[str, float]:
    """Milliseconds per booking: gateway, postgres (its processes alive at the end, the
    server's other clients included), clients, machine (everything, other users included)."""
    split = {"gateway": 0.0, "postgres": 0.0, "clients": 0.0, "machine": 0.0}
    for part, seconds in after.items():
        split[part.split(":")[0]] += seconds - before.get(part, 0.0)
    return {part: 1000 * seconds / max(1, done) for part, seconds in split.items()}


def _auth(device: Enrollment) -> dict[str, str]:
    return {"Authorization": f"Bearer {device.device_token}"}


def _enroll(url: str, n: int) -> Enrollment:
    code = httpx.post(
        f"{url}/admin/v1/enrollment-codes", headers={"Authorization": f"Bearer {ADMIN}"}
    ).json()["code"]
    response = httpx.post(f"{url}/v1/enroll", json={"code": code, "device_name": f"bench-{n}"})
    response.raise_for_status()
    return Enrollment.model_validate_json(response.content)


@contextmanager
def _postgres_schema() -> Iterator[str | None]:
    """A scratch schema on the PostgreSQL server (its URL for the gateway), or None."""
    try:
        import psycopg

        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except Exception:  # unreachable, no driver, refused: no PostgreSQL figure
        yield None
        return
    schema = f"bench_{secrets.token_hex(6)}"
    try:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        info = admin.info
        base = f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{info.dbname}"
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.close()


def measure_gateway_booking(state_dir: Path, *, quick: bool = False) -> dict[str, float | None]:
    """The figures (bookings per second, 50 concurrent clients); PostgreSQL None if absent."""
    per_client = 6 if quick else 20
    state_dir.mkdir(parents=True, exist_ok=True)
    sqlite = bookings_per_second(f"sqlite:///{state_dir / 'booking.db'}", per_client=per_client)
    postgres: dict[int, float | None] = {}
    for processes in (1, 3):
        with _postgres_schema() as postgres_url:
            postgres[processes] = (
                None
                if postgres_url is None
                else round(
                    bookings_per_second(
                        postgres_url, per_client=per_client * processes, processes=processes
                    ),
                    1,
                )
            )
    return {
        "gateway_bookings_per_s_sqlite": round(sqlite, 1),
        "gateway_bookings_per_s_postgres": postgres[1],
        "gateway_bookings_per_s_postgres_3p": postgres[3],
    }


def _main(quick: bool, show_cpu: bool) -> None:
    per_client = 6 if quick else 20
    with tempfile.TemporaryDirectory(prefix="kiosk-booking-bench-") as scratch:
        runs = [("sqlite", f"sqlite:///{Path(scratch) / 'booking.db'}", 1)]
        for processes in (1, 3):
            runs.append((f"postgres, {processes} process(es)", "", processes))
        for name, db_url, processes in runs:
            cpu: dict[str, float] = {}
            if db_url:
                rate = bookings_per_second(db_url, per_client=per_client, cpu=cpu)
            else:
                with _postgres_schema() as postgres_url:
                    if postgres_url is None:
                        print(f"{name}: PostgreSQL unreachable")
                        continue
                    rate = bookings_per_second(
                        postgres_url,
                        per_client=per_client * processes,
                        processes=processes,
                        cpu=cpu,
                    )
            print(f"{name}: {rate:.1f} bookings/s")
            if show_cpu:
                split = ", ".join(f"{part} {ms:.2f}" for part, ms in cpu.items())
                print(f"  CPU ms per booking: {split}")


if __name__ == "__main__":
    _main(quick="--quick" in sys.argv, show_cpu="--cpu" in sys.argv)
