"""The gateway restored from a backup, end to end, on SQLite and PostgreSQL: a real gateway on
loopback, a real kiosk (encrypted cache, sync engine, appointment desk), ``kiosk-app gateway
backup`` while it serves and ``restore`` after it is stopped.

After the backup the kiosk books, moves and cancels online, books offline from a lease, ticks
documents off and registers a printed paper, all acknowledged. The gateway is restored; another
device books one of those slots before the kiosk is back. The kiosk notices (a sequence gap
below what was acknowledged, a new epoch), reloads the gateway's data and sends again what it
lost: at the end the gateway has every action once, and the one booking whose slot went
meanwhile is parked on the kiosk and listed for staff, not lost.
"""

from __future__ import annotations

import argparse
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fixed_time import MovableClock, fixed_office_time, fixed_today
from gateway_harness import ADMIN_TOKEN, EnrolledDevice, RunningGateway, running_gateway
from kiosk_harness import KioskCache, enroll

from kiosk_app.appointment_desk import DeskSettings, KioskAppointmentDesk, start_desk_and_engine
from kiosk_app.core.demo_cases import DemoCase
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.core.reference import new_reference
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import open_cache
from kiosk_app.store.leases import LeaseStore
from kiosk_app.store.meta import CacheMeta
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.replay import RETENTION, ReplayState
from kiosk_app.store.sync_state import SyncState
from sync import protocol
from sync.engine import EngineSettings, SyncEngine, SyncStatus
from sync.gateway.cli import add_gateway_commands
from sync.gateway.settings import GatewaySettings

SERVICE = "biometrics"


def _settings(db_url: str) -> GatewaySettings:
    return GatewaySettings(
        db_url=db_url,
        admin_token=ADMIN_TOKEN,
        leases_per_service_day=2,
        lease_days=2,
        clock=MovableClock(),
    )


@pytest.fixture
def gateway(gateway_db_url: str) -> Iterator[RunningGateway]:
    """On SQLite and PostgreSQL."""
    with running_gateway(_settings(gateway_db_url)) as running:
        yield running


@pytest.fixture
def sqlite_gateway(sqlite_db_url: str) -> Iterator[RunningGateway]:
    with running_gateway(_settings(sqlite_db_url)) as running:
        yield running


@dataclass
class Kiosk:
    cache: KioskCache
    desk: KioskAppointmentDesk
    engine: SyncEngine

    def key(self, case: DemoCase) -> bytes:
        pepper = CacheMeta(self.cache.connect()).pepper
        assert pepper is not None
        return derive_lookup_key(pepper, case.case_number, case.birth_date)

    def sync(self) -> SyncStatus:
        status = self.engine.sync_once()
        assert status.online, status.reason
        return status

    @property
    def device_id(self) -> str:
        found = SyncState(self.cache.connect()).device_id
        assert found is not None
        return found

    def queue(self, payload: protocol.CommandPayload) -> int:
        """A command as the counter or the printing queue makes it (one local transaction)."""
        conn = self.cache.connect()
        return Outbox(conn).append(payload.kind, payload.model_dump_json(), self.cache.clock())


@contextmanager
def _kiosk_at(cache: KioskCache, gateway: RunningGateway) -> Iterator[Kiosk]:
    enroll(cache, gateway)
    desk, engine = start_desk_and_engine(
        lambda: open_cache(cache.path, cache.key),
        cache.reports.append,
        engine_settings=EngineSettings(
            interval_s=0.2, backoff_base_s=0.05, backoff_cap_s=0.5, slots_interval_s=0.0
        ),
        desk_settings=DeskSettings(timeout_s=5.0, connect_timeout_s=1.0),
        start=False,
        time=fixed_office_time(cache.clock),
    )
    try:
        yield Kiosk(cache, desk, engine)
    finally:
        desk.close()
        engine.stop()


@pytest.fixture
def kiosk(kiosk: KioskCache, gateway: RunningGateway) -> Iterator[Kiosk]:
    with _kiosk_at(kiosk, gateway) as booth:
        yield booth


def _cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kiosk-app")
    add_gateway_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return int(args.func(args))


def _bookings(gateway: RunningGateway) -> dict[str, dict[str, Any]]:
    """Every active booking at the gateway in the booking window, by booking id."""
    found: dict[str, dict[str, Any]] = {}
    for offset in range(29):
        day = fixed_today() + timedelta(days=offset)
        response = gateway.admin.get("/admin/v1/bookings", params={"day": day.isoformat()})
        response.raise_for_status()
        for row in response.json():
            assert row["booking_id"] not in found  # a booking is never there twice
            found[row["booking_id"]] = row
    return found


def _last_applied(gateway: RunningGateway, device_id: str) -> int:
    devices = gateway.admin.get("/admin/v1/devices").json()
    return int(next(d["last_applied_seq"] for d in devices if d["device_id"] == device_id))


def _missing(gateway: RunningGateway, device: EnrolledDevice, case: DemoCase) -> list[str]:
    view, _, _ = device.pull_all()
    state = view[device.lookup_key(case.case_number.canonical, case.birth_date)]
    assert state is not None
    return list(state.missing_documents)


def _book_online(device: EnrolledDevice, case: DemoCase, slot_id: str) -> dict[str, Any]:
    key = device.lookup_key(case.case_number.canonical, case.birth_date)
    body = {"action": "book", "booking_id": "c" * 32, "lookup_key": key, "slot_id": slot_id}
    response = device.client.post("/v1/bookings", json=body)
    response.raise_for_status()
    return dict(response.json())


def test_a_restored_gateway_gets_back_everything_the_kiosk_did_after_the_backup(
    gateway: RunningGateway, kiosk: Kiosk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    imported = gateway.import_demo(14, seed=5)
    ticked_case = next(c for c in imported if c.record.missing_documents)
    cases = [c for c in imported if c is not ticked_case]
    counter = gateway.enroll("Schalter 3")  # another device, enrolled before the backup
    device_id = kiosk.device_id
    kiosk.sync()
    desk, db_url = kiosk.desk, gateway.settings.db_url
    day = next(d.day for d in desk.days(SERVICE) if d.free >= 6)
    times = [t.slot_id for t in desk.times(SERVICE, day)]

    # Before the backup: two online bookings and a paper, all at the gateway.
    moved_later = desk.book(kiosk.key(cases[0]), times[0]).appointment
    cancelled_later = desk.book(kiosk.key(cases[5]), times[1]).appointment
    kiosk.queue(
        protocol.RegisterReference(reference=new_reference(), lookup_key=kiosk.key(cases[0]).hex())
    )
    kiosk.sync()
    assert ReplayState(kiosk.cache.connect()).acknowledged_through == 1

    backup_file = tmp_path / "gateway.backup"
    assert _cli("gateway", "backup", str(backup_file), "--db", db_url) == 0

    # After the backup, everything acknowledged by the gateway:
    times = [t.slot_id for t in desk.times(SERVICE, day) if t.start != moved_later.start]
    moved = desk.move(kiosk.key(cases[0]), moved_later.booking_id, times[0]).appointment
    assert moved.start != moved_later.start
    lost_slot = times[1]  # another device will take it in the restored gateway
    conflicted = desk.book(kiosk.key(cases[1]), lost_slot).appointment
    kept = desk.book(kiosk.key(cases[2]), times[2]).appointment
    desk.cancel(kiosk.key(cases[5]), cancelled_later.booking_id)
    leases = LeaseStore(kiosk.cache.connect()).all()
    lease = next(le for le in leases if le.service == SERVICE and le.taken_by is None)
    gateway.stop()  # offline: booked from a lease
    offline = desk.book(kiosk.key(cases[3]), lease.slot_id)
    assert offline.offline
    gateway.start()
    ticked = ticked_case.record.missing_documents[0]
    kiosk.queue(
        protocol.MarkDocumentsReceived(lookup_key=kiosk.key(ticked_case).hex(), documents=[ticked])
    )
    paper = new_reference()
    kiosk.queue(
        protocol.RegisterReference(
            reference=paper, lookup_key=kiosk.key(cases[2]).hex(), booking_id=kept.booking_id
        )
    )
    status = kiosk.sync()
    assert (status.pending_commands, status.parked_commands) == (0, 0)
    assert ReplayState(kiosk.cache.connect()).acknowledged_through == 4
    assert Outbox(kiosk.cache.connect()).all_entries() == []  # acknowledged: out of the outbox
    before_restore = _bookings(gateway)
    assert set(before_restore) == {
        moved.booking_id,
        conflicted.booking_id,
        kept.booking_id,
        offline.appointment.booking_id,
    }
    assert ticked not in _missing(gateway, counter, ticked_case)

    # The gateway's database is lost and restored from the backup.
    gateway.stop()
    assert _cli("gateway", "restore", str(backup_file), "--db", db_url) == 0
    gateway.start()
    restored = _bookings(gateway)
    assert set(restored) == {moved_later.booking_id, cancelled_later.booking_id}
    assert restored[moved_later.booking_id]["start"] == moved_later.start.isoformat()
    assert _last_applied(gateway, device_id) == 1
    # Before the kiosk is back, another device books a slot the kiosk had sold meanwhile.
    taken = _book_online(counter, cases[6], lost_slot)
    assert taken["outcome"] == "booked"
    # And the kiosk makes one more command while it has not noticed anything yet.
    kiosk.queue(
        protocol.MarkDocumentsReceived(lookup_key=kiosk.key(ticked_case).hex(), documents=[ticked])
    )

    kiosk.sync()  # notices (gap below what was acknowledged), reloads, replays
    status = kiosk.sync()
    assert (status.online, status.pending_commands, status.parked_commands) == (True, 0, 1)

    # Every action is at the gateway exactly once, the conflicted booking nowhere.
    after = _bookings(gateway)
    assert set(after) == {
        moved.booking_id,
        kept.booking_id,
        offline.appointment.booking_id,
        "c" * 32,
    }
    assert after[moved.booking_id]["start"] == moved.start.isoformat()
    assert after[kept.booking_id]["start"] == kept.start.isoformat()
    assert after[offline.appointment.booking_id]["slot_id"] == lease.slot_id
    assert after["c" * 32]["slot_id"] == lost_slot
    assert ticked not in _missing(gateway, counter, ticked_case)
    found = gateway.admin.get(f"/admin/v1/references/{paper}")
    assert (
        found.status_code == 200 and found.json()["case_number"] == cases[2].case_number.canonical
    )
    # Commands 2-4 again with their numbers, 5 the new one, 6 the conflicted booking.
    assert _last_applied(gateway, device_id) == 6

    # The conflict: parked on the kiosk, listed for staff with the case to contact.
    [parked] = Outbox(kiosk.cache.connect()).all_entries()
    assert (parked.kind, parked.state, parked.last_error) == ("book_slot", "parked", "slot_taken")
    assert json.loads(parked.payload)["booking_id"] == conflicted.booking_id
    capsys.readouterr()
    assert _cli("gateway", "conflicts", "--db", db_url, "--json") == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["kind"], listed["reason"]) == ("book_slot", "slot_taken")
    assert listed["detail"]["case_number"] == cases[1].case_number.canonical
    assert listed["detail"]["slot_id"] == lost_slot

    # The kiosk's cache shows the gateway's state.
    synced = [replace(moved, pending_sync=False)]
    assert desk.appointments(kiosk.key(cases[0])) == synced
    assert desk.appointments(kiosk.key(cases[1])) == []
    assert desk.appointments(kiosk.key(cases[2])) == [replace(kept, pending_sync=False)]
    assert desk.appointments(kiosk.key(cases[5])) == []
    cached = CaseCache(kiosk.cache.connect()).get(kiosk.key(ticked_case))
    assert cached is not None and ticked not in cached.missing_documents

    # Nothing is sent twice: further rounds change nothing.
    kiosk.sync()
    kiosk.sync()
    assert _bookings(gateway) == after
    assert _last_applied(gateway, device_id) == 6
    assert len(Outbox(kiosk.cache.connect()).all_entries()) == 1


# --- the same on SQLite only, one path each -----------------------------------------------------


@pytest.fixture
def sqlite_kiosk(tmp_path: Path, sqlite_gateway: RunningGateway) -> Iterator[Kiosk]:
    cache = KioskCache(tmp_path / "kiosk" / "cache.db", secrets.token_bytes(32))
    cache.path.parent.mkdir()
    with _kiosk_at(cache, sqlite_gateway) as booth:
        yield booth
    cache.close()


def _reference(gateway: RunningGateway, reference: str) -> int:
    return gateway.admin.get(f"/admin/v1/references/{reference}").status_code


def _restore(gateway: RunningGateway, backup_file: Path) -> None:
    gateway.stop()
    assert _cli("gateway", "restore", str(backup_file), "--db", gateway.settings.db_url) == 0
    gateway.start()


def test_a_rotation_replays_nothing_and_a_restore_behind_one_parks_the_new_keys(
    sqlite_gateway: RunningGateway, sqlite_kiosk: Kiosk, tmp_path: Path
) -> None:
    """Nothing pending, so the kiosk learns of the restore from the new epoch and a probe. A
    pepper rotation after the backup is lost with it: commands made with the newer pepper's
    keys name no case the restored gateway knows and are parked for staff."""
    gateway, kiosk = sqlite_gateway, sqlite_kiosk
    imported = gateway.import_demo(14, seed=5)
    ticked_case = next(c for c in imported if c.record.missing_documents)
    case, other = [c for c in imported if c is not ticked_case][:2]
    kiosk.sync()
    day = next(d.day for d in kiosk.desk.days(SERVICE) if d.free >= 2)
    booked = kiosk.desk.book(kiosk.key(case), kiosk.desk.times(SERVICE, day)[0].slot_id)
    first, second = new_reference(), new_reference()
    kiosk.queue(protocol.RegisterReference(reference=first, lookup_key=kiosk.key(case).hex()))
    kiosk.sync()
    backup_file = tmp_path / "gateway.backup"
    assert _cli("gateway", "backup", str(backup_file), "--db", gateway.settings.db_url) == 0
    kiosk.queue(protocol.RegisterReference(reference=second, lookup_key=kiosk.key(other).hex()))
    kiosk.sync()

    # Moved here, moved back at another device: a rotation must not move it again.
    slot = booked.appointment
    later = next(t for t in kiosk.desk.times(SERVICE, day) if t.start != slot.start)
    kiosk.desk.move(kiosk.key(case), slot.booking_id, later.slot_id)
    kiosk.sync()
    counter = gateway.enroll("Schalter 2")
    back = {
        "action": "move",
        "booking_id": slot.booking_id,
        "lookup_key": counter.lookup_key(case.case_number.canonical, case.birth_date),
        "slot_id": next(t.slot_id for t in kiosk.desk.times(SERVICE, day) if t.start == slot.start),
    }
    assert counter.client.post("/v1/bookings", json=back).json()["outcome"] == "moved"
    kiosk.sync()

    # A rotation is a full resync too: the probe finds nothing missing, nothing is sent again.
    bookings = _bookings(gateway)
    assert bookings[slot.booking_id]["start"] == slot.start.isoformat()
    assert gateway.rotate_pepper() == 2
    status = kiosk.sync()
    assert status.epoch == 2 and status.dataset_changed
    assert _last_applied(gateway, kiosk.device_id) == 2
    assert _bookings(gateway) == bookings
    state = ReplayState(kiosk.cache.connect())
    assert (state.replay_after, state.bookings_due) == (None, False)
    ticked = ticked_case.record.missing_documents[0]
    newer_key = kiosk.key(ticked_case).hex()  # of epoch 2
    kiosk.queue(protocol.MarkDocumentsReceived(lookup_key=newer_key, documents=[ticked]))
    kiosk.sync()
    assert _last_applied(gateway, kiosk.device_id) == 3

    _restore(gateway, backup_file)  # epoch 1's data, as epoch 3
    assert _reference(gateway, second) == 404
    status = kiosk.sync()
    assert status.epoch == 3 and status.parked_commands == 1
    assert _reference(gateway, first) == 200 and _reference(gateway, second) == 200
    [parked] = Outbox(kiosk.cache.connect()).all_entries()
    assert (parked.seq, parked.kind) == (3, "mark_documents_received")
    assert parked.last_error == "unknown_lookup_key (after a gateway restore)"
    assert _last_applied(gateway, kiosk.device_id) == 3
    assert set(_bookings(gateway)) == {booked.appointment.booking_id}
    # The kiosk looks cases up with the restored pepper again. Both moves were lost with the
    # restore; the kiosk made its own again (the other device would send its own).
    [shown] = kiosk.desk.appointments(kiosk.key(case))
    assert (shown.booking_id, shown.start) == (slot.booking_id, later.start)


def test_a_command_no_longer_kept_is_filled_with_a_void_and_reported(
    sqlite_gateway: RunningGateway, sqlite_kiosk: Kiosk, tmp_path: Path, capsys: Any
) -> None:
    gateway, kiosk = sqlite_gateway, sqlite_kiosk
    case = gateway.import_demo(6, seed=5)[0]
    kiosk.sync()
    key = kiosk.key(case).hex()
    references = [new_reference() for _ in range(3)]
    kiosk.queue(protocol.RegisterReference(reference=references[0], lookup_key=key))
    kiosk.sync()
    backup_file = tmp_path / "gateway.backup"
    assert _cli("gateway", "backup", str(backup_file), "--db", gateway.settings.db_url) == 0
    kiosk.queue(protocol.RegisterReference(reference=references[1], lookup_key=key))
    kiosk.sync()
    kiosk.cache.clock.advance(RETENTION + timedelta(days=1))  # the backup is older than that
    kiosk.queue(protocol.RegisterReference(reference=references[2], lookup_key=key))
    kiosk.sync()  # acknowledging 3 prunes 1 and 2

    _restore(gateway, backup_file)
    status = kiosk.sync()
    assert status.parked_commands == 1
    assert [_reference(gateway, r) for r in references] == [200, 404, 200]
    [lost] = Outbox(kiosk.cache.connect()).all_entries()
    assert (lost.seq, lost.kind, lost.state) == (2, "void", "parked")
    assert lost.last_error is not None and lost.last_error.startswith("lost")
    assert _last_applied(gateway, kiosk.device_id) == 3
    capsys.readouterr()
    assert _cli("gateway", "conflicts", "--db", gateway.settings.db_url, "--json") == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["seq"], listed["kind"]) == (2, "void")
    assert "not kept on the kiosk" in listed["reason"]


def test_online_bookings_alone_are_redone_unless_someone_changed_them_since(
    sqlite_gateway: RunningGateway, sqlite_kiosk: Kiosk, tmp_path: Path
) -> None:
    """A kiosk that only booked online (no command at all) learns of the restore from the new
    epoch; a booking moved at another device after the restore is left where it was put."""
    gateway, kiosk = sqlite_gateway, sqlite_kiosk
    cases = gateway.import_demo(6, seed=5)
    counter = gateway.enroll("Schalter 1")
    kiosk.sync()
    desk = kiosk.desk
    day = next(d.day for d in desk.days(SERVICE) if d.free >= 5)
    starts = {t.start: t.slot_id for t in desk.times(SERVICE, day)}
    first, second, third, fourth = list(starts.values())[:4]
    moved_elsewhere = desk.book(kiosk.key(cases[0]), first).appointment
    backup_file = tmp_path / "gateway.backup"
    assert _cli("gateway", "backup", str(backup_file), "--db", gateway.settings.db_url) == 0
    desk.move(kiosk.key(cases[0]), moved_elsewhere.booking_id, second)
    new = desk.book(kiosk.key(cases[1]), third).appointment
    kiosk.sync()
    assert ReplayState(kiosk.cache.connect()).acknowledged_through == 0

    _restore(gateway, backup_file)
    key = counter.lookup_key(cases[0].case_number.canonical, cases[0].birth_date)
    body = {"action": "move", "booking_id": moved_elsewhere.booking_id, "lookup_key": key}
    moved = counter.client.post("/v1/bookings", json={**body, "slot_id": fourth}).json()
    assert moved["outcome"] == "moved"

    status = kiosk.sync()
    assert status.parked_commands == 0 and status.pending_commands == 0
    after = _bookings(gateway)
    assert after[moved_elsewhere.booking_id]["slot_id"] == fourth  # left alone
    assert after[new.booking_id]["slot_id"] == third  # booked again
    assert set(after) == {moved_elsewhere.booking_id, new.booking_id}
    kiosk.sync()
    assert _bookings(gateway) == after
