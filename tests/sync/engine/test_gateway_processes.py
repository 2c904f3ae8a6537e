"""Three gateway processes on one PostgreSQL schema, behind a round-robin proxy (docs/gateway.md
"Running several processes"): every invariant holds whichever process answers.

- Kiosk engines pulling through the proxy while admins change statuses, import, remove cases
  and devices book, each case changed exactly once (a skipped change is never repaired): every
  kiosk ends with exactly the gateway's view.
- Commands pushed to several processes at once, and resent by an engine whose answers get lost:
  each applied exactly once.
- One slot booked through all three processes at once: exactly one booking wins.
- A lease granted by one process is honoured by another for an offline booking, and refused to
  other kiosks by the third.
- Nothing another process needs is kept in a process: enrollment codes, revocation, the catalog
  and the pepper are seen at once by the others.

The gateway processes run on the real clock (``kiosk-app gateway serve`` takes no test clock):
nothing here depends on the date or the hour; slots come from ``/v1/slots``.
"""

from __future__ import annotations

import json
import secrets
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from gateway_harness import ADMIN_TOKEN, EnrolledDevice, demo_row
from kiosk_harness import KioskCache
from round_robin_proxy import RoundRobinProxy
from sqlalchemy import func, select, text

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.demo_cases import DemoCase, generate
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.store.meta import CacheMeta
from sync.enroll import enroll_kiosk
from sync.gateway.case_writes import set_status
from sync.gateway.database import (
    APPLICATION_NAME,
    POSTGRES_POOL_OVERFLOW,
    POSTGRES_POOL_SIZE,
    make_engine,
    write_transaction,
)
from sync.gateway.process import GatewayProcess
from sync.gateway.tables import ACTIVE, bookings, command_log, devices, slot_leases
from sync.protocol import (
    BookingOutcome,
    CommandsResponse,
    Enrollment,
    FreeSlots,
    LeaseGrant,
    MarkDocumentsReceived,
)

pytestmark = pytest.mark.slow

GATEWAY_CONNECTIONS = text(
    "SELECT count(*) FROM pg_stat_activity"
    f" WHERE datname = current_database() AND application_name = '{APPLICATION_NAME}'"
)
PROCESSES = 3
AS_OF = date(2026, 3, 2)  # the synthetic cases' dates are relative to it; nothing depends on it
STATUSES = [status for status in CaseStatus if status is not CaseStatus.RECEIVED]


@dataclass
class Cluster:
    processes: list[GatewayProcess]
    proxy: RoundRobinProxy
    db_url: str
    admin: httpx.Client  # through the proxy
    clients: list[httpx.Client]

    def url(self, index: int) -> str:
        return self.processes[index].url

    def admin_at(self, index: int) -> httpx.Client:
        client = httpx.Client(
            base_url=self.url(index), headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=30
        )
        self.clients.append(client)
        return client

    def code(self, via: httpx.Client | None = None) -> str:
        response = (via or self.admin).post("/admin/v1/enrollment-codes")
        response.raise_for_status()
        return str(response.json()["code"])

    def enroll(self, name: str, url: str | None = None) -> EnrolledDevice:
        url = url or self.proxy.url
        response = httpx.post(f"{url}/v1/enroll", json={"code": self.code(), "device_name": name})
        response.raise_for_status()
        return self.device(Enrollment.model_validate_json(response.content), url)

    def device(self, enrollment: Enrollment, url: str) -> EnrolledDevice:
        """The same device talking to another address (another process, or the proxy)."""
        client = httpx.Client(
            base_url=url,
            headers={"Authorization": f"Bearer {enrollment.device_token}"},
            timeout=30,
        )
        self.clients.append(client)
        return EnrolledDevice(enrollment, client)

    def import_cases(self, count: int, seed: int) -> list[DemoCase]:
        cases = list(generate(count, seed, AS_OF))
        response = self.admin.post("/admin/v1/imports", json=[demo_row(case) for case in cases])
        response.raise_for_status()
        assert not response.json()["rejected"]
        return cases

    def pepper(self) -> bytes:
        """The current pepper, as a kiosk learns it (``/v1/dataset``)."""
        probe = self.enroll("pepper-probe")
        return bytes.fromhex(probe.client.get("/v1/dataset").json()["pepper"])

    def far_slots(self, device: EnrolledDevice, count: int) -> list[str]:
        """Free slots from the second half of the booking window, beyond the days leases cover
        (kiosks in these tests hold leases on the next few bookable days)."""
        free = FreeSlots.model_validate_json(device.client.get("/v1/slots").content).slots
        later = free[len(free) // 2 :]
        step = max(1, len(later) // count)
        chosen = later[::step][:count]
        assert len(chosen) == count, "not enough free slots in the booking window"
        return chosen


def other_status(case: DemoCase) -> CaseStatus:
    return next(status for status in STATUSES if status is not case.record.status)


def key_of(pepper: bytes, case: DemoCase) -> str:
    return derive_lookup_key(
        pepper, CaseNumber.parse(case.case_number.canonical), case.birth_date
    ).hex()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def cluster(request: pytest.FixtureRequest, postgres_session: Any) -> Iterator[Cluster]:
    if request.param == "sqlite":
        pytest.skip(
            "several gateway processes share one PostgreSQL; SQLite is the embedded, "
            "single-process database (docs/gateway.md, Running several processes)"
        )
    if postgres_session.base_url is None:
        pytest.skip(postgres_session.skip_reason or "PostgreSQL unavailable")
    import psycopg

    schema = f"t_{secrets.token_hex(6)}"
    plain = postgres_session.base_url.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    db_url = f"{postgres_session.base_url}?options=-csearch_path%3D{schema}"
    processes = [GatewayProcess(db_url, ADMIN_TOKEN) for _ in range(PROCESSES)]
    proxy: RoundRobinProxy | None = None
    try:
        # Started together: they migrate and seed the empty schema at the same moment.
        with ThreadPoolExecutor(PROCESSES) as pool:
            list(pool.map(lambda process: process.start(timeout_s=60), processes))
        proxy = RoundRobinProxy([process.url for process in processes])
        admin = httpx.Client(
            base_url=proxy.url, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=60
        )
        running = Cluster(processes, proxy, db_url, admin, [admin])
        yield running
        for client in running.clients:
            client.close()
    finally:
        if proxy is not None:
            proxy.close()
        for process in processes:
            process.stop()
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


# --- no kiosk skips a change ---------------------------------------------------------------


def kiosk_view(kiosk: KioskCache) -> dict[str, tuple[str, list[str]]]:
    """Every case in the kiosk's cache: lookup key → (status, booking ids)."""
    rows = kiosk.connect().execute("SELECT lookup_key, status, bookings FROM cases").fetchall()
    return {
        bytes(key).hex(): (status, sorted(booking[0] for booking in json.loads(held)))
        for key, status, held in rows
    }


def gateway_view(device: EnrolledDevice) -> dict[str, tuple[str, list[str]]]:
    """The same, as the gateway's feed has it from cursor 0 (tombstones left out)."""
    view, _, _ = device.pull_all(0)
    return {
        key: (state.status.value, sorted(b.booking_id for b in state.bookings))
        for key, state in view.items()
        if state is not None
    }


def test_every_kiosk_ends_with_the_gateways_view(cluster: Cluster, tmp_path: Path) -> None:
    cases = cluster.import_cases(160, seed=41)
    by_status, by_import, by_booking, removed, held = (
        cases[:45],
        cases[45:75],
        cases[75:135],
        cases[135:145],
        cases[145:153],
    )
    kiosks = []
    for n in range(3):
        kiosk = KioskCache(tmp_path / f"kiosk{n}" / "cache.db", secrets.token_bytes(32))
        kiosk.path.parent.mkdir()
        enroll_kiosk(kiosk.connect(), cluster.proxy.url, cluster.code(), device_name=f"kiosk{n}")
        kiosks.append(kiosk)
    engines = [kiosk.engine(interval_s=0.05, page_limit=7) for kiosk in kiosks]
    bookers = [cluster.enroll(f"booker{n}") for n in range(6)]
    slots = cluster.far_slots(bookers[0], len(by_booking))
    pepper = cluster.pepper()
    failures: list[str] = []

    def change_statuses(lane: int) -> None:
        for case in by_status[lane::3]:
            response = cluster.admin.put(
                f"/admin/v1/cases/{case.case_number.canonical}/status",
                json={"status": other_status(case).value},
            )
            if response.status_code != 200:
                failures.append(f"status {response.status_code}")

    def import_changes() -> None:
        for start in range(0, len(by_import), 5):
            rows = [
                {**demo_row(case), "status": other_status(case).value}
                for case in by_import[start : start + 5]
            ]
            response = cluster.admin.post("/admin/v1/imports", json=rows)
            if response.status_code != 200 or response.json()["updated"] != len(rows):
                failures.append(f"import {response.status_code} {response.text[:200]}")

    def book(index: int) -> None:
        booker = bookers[index]
        for case, slot in list(zip(by_booking, slots, strict=True))[index :: len(bookers)]:
            body = {
                "action": "book",
                "booking_id": uuid.uuid4().hex,
                "lookup_key": key_of(pepper, case),
                "slot_id": slot,
            }
            response = booker.client.post("/v1/bookings", json=body)
            outcome = BookingOutcome.model_validate_json(response.content)
            if outcome.outcome != "booked":
                failures.append(f"booking {outcome.reason}")

    def change_slowly() -> None:
        # A writer whose transaction stays open while the others commit (as a long import
        # does): the numbers it took are lower than theirs, and it commits after them.
        engine = make_engine(cluster.db_url)
        try:
            for case in held:
                with write_transaction(engine) as conn:
                    set_status(conn, case.case_number.canonical, other_status(case), AS_OF)
                    threading.Event().wait(0.3)
        finally:
            engine.dispose()

    def remove() -> None:
        for case in removed:
            response = cluster.admin.delete(f"/admin/v1/cases/{case.case_number.canonical}")
            if response.status_code != 200:
                failures.append(f"remove {response.status_code}")

    for engine in engines:
        engine.start()
    writers = [
        *(threading.Thread(target=change_statuses, args=(n,)) for n in range(3)),
        threading.Thread(target=import_changes),
        threading.Thread(target=change_slowly),
        threading.Thread(target=remove),
        *(threading.Thread(target=book, args=(n,)) for n in range(len(bookers))),
    ]
    try:
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
        assert failures == []
        expected = gateway_view(cluster.enroll("auditor", cluster.url(0)))
        assert len(expected) == len(cases) - len(removed)
        views = [kiosk_view(kiosk) for kiosk in kiosks]
        deadline = datetime.now(UTC).timestamp() + 30
        while any(view != expected for view in views) and datetime.now(UTC).timestamp() < deadline:
            threading.Event().wait(0.2)
            views = [kiosk_view(kiosk) for kiosk in kiosks]
    finally:
        for engine in engines:
            engine.stop()
        for kiosk in kiosks:
            kiosk.close()
    for view in views:
        missing_or_stale = {k: v for k, v in expected.items() if view.get(k) != v}
        extra = set(view) - set(expected)
        assert missing_or_stale == {} and extra == set(), "a kiosk skipped changes"
    booked = [value for value in expected.values() if value[1]]
    assert len(booked) == len(by_booking)
    assert all(cluster.proxy.served[process.url] > 20 for process in cluster.processes)


# --- commands apply exactly once -----------------------------------------------------------


def documents_received(pepper: bytes, cases: list[DemoCase]) -> list[dict[str, Any]]:
    return [
        {
            "seq": n,
            "created_at": "2026-03-02T10:00:00Z",
            "payload": MarkDocumentsReceived(
                lookup_key=key_of(pepper, case),
                documents=list(case.record.missing_documents) or ["passport"],
            ).model_dump(mode="json"),
        }
        for n, case in enumerate(cases, start=1)
    ]


def test_commands_pushed_to_every_process_at_once_apply_once(cluster: Cluster) -> None:
    cases = cluster.import_cases(12, seed=43)
    device = cluster.enroll("pusher")
    commands = documents_received(cluster.pepper(), cases)
    at = [cluster.device(device.enrollment, process.url) for process in cluster.processes]
    barrier = threading.Barrier(2 * PROCESSES)

    def push(target: EnrolledDevice) -> CommandsResponse:
        barrier.wait(10)
        response = target.push(commands)
        response.raise_for_status()
        return CommandsResponse.model_validate_json(response.content)

    with ThreadPoolExecutor(2 * PROCESSES) as pool:
        answers = list(pool.map(push, at + at))  # the same batch twice to each process at once

    applied = Counter(r.seq for answer in answers for r in answer.results if r.outcome == "applied")
    assert applied == Counter(range(1, len(commands) + 1))  # each once, by one process
    for answer in answers:
        assert answer.last_applied_seq == len(commands)
        assert {r.outcome for r in answer.results} <= {"applied", "duplicate"}
    engine = make_engine(cluster.db_url)
    try:
        with engine.connect() as conn:
            logged = conn.execute(
                select(func.count())
                .select_from(command_log)
                .where(command_log.c.device_id == device.enrollment.device_id)
            ).scalar_one()
    finally:
        engine.dispose()
    assert logged == len(commands)


def test_an_engine_resending_after_lost_answers_applies_each_command_once(
    cluster: Cluster, tmp_path: Path
) -> None:
    cases = [case for case in cluster.import_cases(40, seed=47) if case.record.missing_documents]
    losing = RoundRobinProxy(
        [process.url for process in cluster.processes], lose_every={"/v1/commands": 2}
    )
    kiosk = KioskCache(tmp_path / "kiosk" / "cache.db", secrets.token_bytes(32))
    kiosk.path.parent.mkdir()
    try:
        conn = kiosk.connect()
        device_id = enroll_kiosk(conn, losing.url, cluster.code(), device_name="resender")
        engine = kiosk.engine(backoff_base_s=0.02, backoff_cap_s=0.1)
        engine.sync_once()
        pepper = CacheMeta(conn).pepper
        assert pepper is not None
        for case in cases:  # one round each: every push's answer may be lost, then resent
            payload = MarkDocumentsReceived(
                lookup_key=key_of(pepper, case), documents=list(case.record.missing_documents)
            )
            kiosk.outbox().append(payload.kind, payload.model_dump_json(), datetime.now(UTC))
            for _ in range(20):
                if engine.sync_once().pending_commands == 0:
                    break
            else:
                pytest.fail("the engine did not get its command through")
        engine.stop()
        issued = kiosk.outbox().next_seq - 1
    finally:
        kiosk.close()
        losing.close()

    assert losing.lost["/v1/commands"] >= len(cases) // 2  # resends did happen
    gateway = make_engine(cluster.db_url)
    try:
        with gateway.connect() as db:
            last = db.execute(
                select(devices.c.last_applied_seq).where(devices.c.device_id == device_id)
            ).scalar_one()
            outcomes = Counter(
                db.execute(
                    select(command_log.c.kind, command_log.c.outcome).where(
                        command_log.c.device_id == device_id
                    )
                ).all()
            )
    finally:
        gateway.dispose()
    # Each command once; the resends' lag may add an anonymous usage report (issue 18).
    assert outcomes.pop(("report_usage", "applied"), 0) <= 1
    assert outcomes == Counter({("mark_documents_received", "applied"): len(cases)})
    assert last == issued
    view, _, _ = cluster.enroll("checker").pull_all(0)
    for case in cases:
        state = view[key_of(pepper, case)]
        assert state is not None and state.missing_documents == []


# --- no slot is booked twice ---------------------------------------------------------------


def test_one_slot_booked_through_three_processes_has_one_winner(cluster: Cluster) -> None:
    cases = cluster.import_cases(30, seed=53)
    pepper = cluster.pepper()
    kiosks = [cluster.enroll(f"racer{n}") for n in range(6)]
    slots = cluster.far_slots(kiosks[0], 3)
    # Kiosk n talks to process n mod 3; each client is shared by its kiosk's requests.
    at = [
        cluster.device(kiosk.enrollment, cluster.url(n % PROCESSES))
        for n, kiosk in enumerate(kiosks)
    ]
    requests = [(at[n % len(at)], case, slot) for slot in slots for n, case in enumerate(cases)]
    barrier = threading.Barrier(len(requests))

    def book(work: tuple[EnrolledDevice, DemoCase, str]) -> tuple[str, BookingOutcome]:
        device, case, slot = work
        body = {
            "action": "book",
            "booking_id": uuid.uuid4().hex,
            "lookup_key": key_of(pepper, case),
            "slot_id": slot,
        }
        barrier.wait(30)
        response = device.client.post("/v1/bookings", json=body)
        response.raise_for_status()
        return slot, BookingOutcome.model_validate_json(response.content)

    # The gateway's PostgreSQL connections, counted while the burst runs: the processes share
    # the server's max_connections (a CI run met "too many clients" with 30 a process).
    engine = make_engine(cluster.db_url)
    peak = [0]
    bursting = threading.Event()
    bursting.set()

    def count_connections() -> None:
        with engine.connect() as conn:
            while bursting.is_set():
                peak[0] = max(peak[0], conn.execute(GATEWAY_CONNECTIONS).scalar_one())
                conn.rollback()  # each count its own snapshot

    sampler = threading.Thread(target=count_connections)
    sampler.start()
    try:
        with ThreadPoolExecutor(len(requests)) as pool:
            outcomes = list(pool.map(book, requests))
    finally:
        bursting.clear()
        sampler.join()
        engine.dispose()
    limit = PROCESSES * (POSTGRES_POOL_SIZE + POSTGRES_POOL_OVERFLOW) + 1  # + the sampler
    assert 0 < peak[0] <= limit, f"{peak[0]} gateway connections at once (at most {limit})"

    for slot in slots:
        mine = [outcome for taken, outcome in outcomes if taken == slot]
        winners = [outcome for outcome in mine if outcome.outcome == "booked"]
        assert len(winners) == 1, f"{len(winners)} bookings won {slot}"
        losers = Counter(outcome.reason for outcome in mine if outcome.outcome != "booked")
        assert set(losers) <= {"slot_taken", "already_booked"}
    engine = make_engine(cluster.db_url)
    try:
        with engine.connect() as conn:
            active = Counter(
                conn.execute(
                    select(bookings.c.slot_id).where(bookings.c.slot_id.in_(slots), ACTIVE)
                ).scalars()
            )
    finally:
        engine.dispose()
    assert active == Counter(slots)


# --- a lease is honoured whichever process answers -----------------------------------------


def test_a_lease_granted_by_one_process_is_honoured_by_the_others(cluster: Cluster) -> None:
    case, other_case = cluster.import_cases(2, seed=59)
    pepper = cluster.pepper()
    holder = cluster.enroll("holder")
    holder_at = [cluster.device(holder.enrollment, process.url) for process in cluster.processes]
    other = cluster.device(cluster.enroll("other").enrollment, cluster.url(2))

    grant = LeaseGrant.model_validate_json(
        holder_at[0].client.post("/v1/leases", json={"keep": []}).content
    )
    assert grant.leases, "process A granted no lease"
    leased = grant.leases[0].slot_id

    free = FreeSlots.model_validate_json(holder_at[2].client.get("/v1/slots").content).slots
    assert not {lease.slot_id for lease in grant.leases} & set(free)
    online = other.client.post(
        "/v1/bookings",
        json={
            "action": "book",
            "booking_id": uuid.uuid4().hex,
            "lookup_key": key_of(pepper, other_case),
            "slot_id": leased,
        },
    )
    assert BookingOutcome.model_validate_json(online.content).reason == "slot_taken"

    booking_id = uuid.uuid4().hex  # booked offline at the kiosk, sent later through process B
    command = {
        "seq": 1,
        "created_at": datetime.now(UTC).isoformat(),
        "payload": {
            "kind": "book_slot",
            "booking_id": booking_id,
            "lookup_key": key_of(pepper, case),
            "slot_id": leased,
        },
    }
    response = holder_at[1].push([command])
    response.raise_for_status()
    (result,) = CommandsResponse.model_validate_json(response.content).results
    assert result.outcome == "applied", result.reason
    engine = make_engine(cluster.db_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(select(bookings).where(bookings.c.booking_id == booking_id)).one()
            lease_left = conn.execute(
                select(slot_leases.c.slot_id).where(slot_leases.c.slot_id == leased)
            ).first()
    finally:
        engine.dispose()
    assert (row.slot_id, row.active, row.source) == (leased, True, "offline")
    assert row.device_id == holder.enrollment.device_id and lease_left is None


# --- no process keeps what the others need -------------------------------------------------


def test_what_one_process_changes_the_others_know_at_once(cluster: Cluster) -> None:
    admins = [cluster.admin_at(n) for n in range(PROCESSES)]

    code = cluster.code(admins[0])
    enrolled = httpx.post(f"{cluster.url(1)}/v1/enroll", json={"code": code, "device_name": "x"})
    assert enrolled.status_code == 200
    again = httpx.post(f"{cluster.url(2)}/v1/enroll", json={"code": code, "device_name": "y"})
    assert again.status_code == 403  # one-time, whichever process sees it next

    device = Enrollment.model_validate_json(enrolled.content)
    at = [cluster.device(device, process.url) for process in cluster.processes]
    before = at[1].client.get("/v1/catalog").json()
    document = before["documents"][0]["code"]
    names = {"en": "Passport (new wording)", "de": "Reisepass (neu)"}
    changed = admins[0].put(
        f"/admin/v1/documents/{document}", json={"names": names, "explanations": {}}
    )
    assert changed.status_code == 200, changed.text
    after = at[2].client.get("/v1/catalog").json()
    assert after["version"] != before["version"]
    assert next(d for d in after["documents"] if d["code"] == document)["names"] == names

    epoch = at[0].client.get("/v1/dataset").json()["epoch"]
    rotated = admins[1].post("/admin/v1/rotate-pepper")
    assert rotated.status_code == 200
    dataset = at[2].client.get("/v1/dataset").json()
    assert dataset["epoch"] == epoch + 1 and dataset["pepper"] != device.pepper
    assert at[0].changes(0, 1).epoch == epoch + 1

    assert admins[2].post(f"/admin/v1/devices/{device.device_id}/revoke").status_code == 200
    for client in at:
        refused = client.client.get("/v1/dataset")
        assert refused.status_code == 401 and refused.json()["error"] == "device_revoked"
