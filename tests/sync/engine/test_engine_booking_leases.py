"""The engine's part in booking, with a scripted gateway client: leases are renewed only with
the outbox drained (keeping what the gateway does not know is taken yet), at most every
``slots_interval_s`` unless a booking command went through; the free-slot snapshot and the
gateway's clock come along; a gateway without these endpoints is no outage."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from fixed_time import MovableClock, fixed_today

from kiosk_app.core.booking import slots_for_day
from kiosk_app.core.status_lookup import CaseRecord
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.store.appointments import BookingOps, NewOp, queue_offline
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import Connection, open_cache
from kiosk_app.store.free_slots import FreeSlotStore
from kiosk_app.store.leases import LeaseStore, StoredLease
from kiosk_app.store.sync_state import SyncState
from sync import protocol
from sync.client import CommandRefused, GatewayUnreachable, SequenceGap
from sync.engine import EngineSettings, SyncEngine, SyncStatus
from sync.walk_in_protocol import WalkInLeases

KEY = bytes(range(32))
CLOCK = MovableClock()  # the kiosk's; the scripted gateway's runs SKEW ahead
# An office day three or more days ahead: not a weekend, not a public holiday (no slots then).
DAY = next(
    day
    for day in (fixed_today() + timedelta(days=n) for n in range(3, 17))
    if slots_for_day("biometrics", day)
)
SLOTS = slots_for_day("biometrics", DAY)
SKEW = timedelta(seconds=100)  # the gateway's clock runs ahead of ours


@dataclass
class ScriptedGateway:
    """Just enough of ``GatewayClient`` for one engine round."""

    push_fails: bool = False
    leases_refused: bool = False
    keeps: list[list[str]] = field(default_factory=list)
    pushed: list[list[str]] = field(default_factory=list)
    grant: list[str] = field(default_factory=list)
    last_applied: int = 0

    def send_commands(self, commands: list[protocol.Command]) -> protocol.CommandsResponse:
        if self.push_fails:
            raise GatewayUnreachable("ConnectError")
        if commands[0].seq > self.last_applied + 1:  # the gateway's sequence rule
            raise SequenceGap(self.last_applied + 1)
        self.pushed.append([c.payload.kind for c in commands])
        results = [protocol.CommandResult(seq=c.seq, outcome="applied") for c in commands]
        self.last_applied = max(self.last_applied, commands[-1].seq)
        return protocol.CommandsResponse(last_applied_seq=self.last_applied, results=results)

    def changes(self, cursor: int, limit: int) -> protocol.ChangesPage:
        return protocol.ChangesPage(
            epoch=1,
            cursor=cursor,
            next_cursor=cursor,
            has_more=False,
            server_time=CLOCK() + SKEW,
            changes=[],
        )

    def changes_raw(self, cursor: int, limit: int) -> bytes:
        return self.changes(cursor, limit).model_dump_json().encode()

    def leases(self, keep: list[str]) -> protocol.LeaseGrant:
        if self.leases_refused:
            raise CommandRefused("HTTP 404: not_found")
        self.keeps.append(keep)
        expires = CLOCK() + timedelta(hours=4)
        return protocol.LeaseGrant(
            server_time=CLOCK() + SKEW,
            leases=[protocol.LeaseInfo(slot_id=s, expires_at=expires) for s in self.grant],
        )

    def walk_in_leases(self) -> WalkInLeases:  # no walk-in services in this office
        return WalkInLeases(server_time=CLOCK() + SKEW, leases=[])

    def free_slots(self) -> protocol.FreeSlots:
        if self.leases_refused:
            raise CommandRefused("HTTP 404: not_found")
        return protocol.FreeSlots(
            server_time=CLOCK() + SKEW,
            first_day=DAY,
            last_day=DAY,
            slots=[s.slot_id for s in SLOTS[6:9]],
        )

    def catalog(self) -> protocol.CatalogSnapshot:
        raise CommandRefused("HTTP 404: not_found")  # a gateway without /v1/catalog

    def snippets(self) -> object:
        raise CommandRefused("HTTP 404: not_found")  # a gateway without /v1/snippets

    def close(self) -> None:
        pass


@dataclass
class Setup:
    conn: Connection
    gateway: ScriptedGateway
    engine: SyncEngine
    reports: list[SyncStatus]


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    path, key = tmp_path / "cache.db", secrets.token_bytes(32)
    conn = open_cache(path, key)
    SyncState(conn).enroll("https://gw.example", "dev", "token", b"p" * 32, 1)
    CaseCache(conn).put_many([(KEY, CaseRecord(CaseStatus.IN_REVIEW, date(2026, 1, 1), "x"))])
    gateway = ScriptedGateway()
    reports: list[SyncStatus] = []
    engine = SyncEngine(
        lambda: open_cache(path, key),
        reports.append,
        EngineSettings(slots_interval_s=3600, clock=CLOCK),
        client_factory=lambda _url, _token: gateway,  # type: ignore[arg-type,return-value]
    )
    yield Setup(conn, gateway, engine, reports)
    engine.stop()
    conn.close()


def lease(index: int, taken_by: str | None = None) -> StoredLease:
    slot = SLOTS[index]
    expires = CLOCK() + timedelta(hours=1)
    return StoredLease(slot.slot_id, slot.service, slot.start, expires, taken_by)


def book_offline(conn: Connection, slot_index: int, booking_id: str) -> None:
    queue_offline(
        conn,
        NewOp("book", booking_id, KEY, SLOTS[slot_index].slot_id),
        "book_slot",
        protocol.BookSlot(
            booking_id=booking_id, lookup_key=KEY.hex(), slot_id=SLOTS[slot_index].slot_id
        ).model_dump_json(),
        gateway_now=CLOCK(),
        today=fixed_today(),
        created_at=CLOCK(),
    )


def test_leases_wait_for_a_drained_outbox(setup: Setup) -> None:
    LeaseStore(setup.conn).put([lease(0), lease(1)])
    book_offline(setup.conn, 0, "a" * 32)
    setup.gateway.push_fails = True
    assert not setup.engine.sync_once().online
    assert setup.gateway.keeps == []  # the gateway does not know slot 0 is booked yet
    setup.gateway.push_fails = False
    setup.gateway.grant = [SLOTS[1].slot_id, SLOTS[2].slot_id]
    assert setup.engine.sync_once().online
    assert setup.gateway.pushed == [["book_slot"]]
    assert setup.gateway.keeps == [[SLOTS[1].slot_id]]  # untaken ones only, the outbox is empty
    assert {le.slot_id: le.taken_by for le in LeaseStore(setup.conn).all()} == {
        SLOTS[1].slot_id: None,
        SLOTS[2].slot_id: None,
    }
    assert FreeSlotStore(setup.conn).count() == 3
    assert SyncState(setup.conn).server_offset_s == pytest.approx(SKEW.total_seconds(), abs=2)
    # Applied; this scripted feed carries no change, so the booking waits there to be shown.
    assert [op.state for op in BookingOps(setup.conn).all()] == ["applied"]


def test_refreshed_at_most_every_interval_unless_a_booking_went_through(setup: Setup) -> None:
    setup.engine.sync_once()
    setup.engine.sync_once()
    assert len(setup.gateway.keeps) == 1
    setup.gateway.grant = [SLOTS[3].slot_id]
    setup.engine.wake(refresh_slots=True)
    setup.engine.sync_once()
    assert len(setup.gateway.keeps) == 2
    book_offline(setup.conn, 3, "b" * 32)
    setup.engine.sync_once()  # pushes the booking: leases are topped up in the same round
    assert len(setup.gateway.keeps) == 3


def test_a_gateway_without_booking_endpoints_is_not_an_outage(setup: Setup) -> None:
    setup.gateway.leases_refused = True
    assert setup.engine.sync_once().online
