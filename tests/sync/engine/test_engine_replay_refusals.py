"""``Replay`` against a scripted restored gateway, for the answers a real one rarely gives: a
replayed command refused as malformed is parked and its number filled with a void, the rest
still flows; a gap below the replay's start means the gateway lost even more."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from kiosk_harness import KioskCache

from kiosk_app.store.outbox import Outbox
from kiosk_app.store.replay import ReplayState
from sync import protocol
from sync.client import CommandRefused, SequenceGap
from sync.replay import GatewayRestored, Replay

KEY = "ab" * 32


@dataclass
class RestoredGateway:
    """Last applied ``last``; refuses a non-void command numbered ``malformed`` with a 422."""

    last: int = 0
    malformed: int = 2
    received: list[tuple[int, str]] = field(default_factory=list)

    def send_commands(self, commands: list[protocol.Command]) -> protocol.CommandsResponse:
        if commands[0].seq > self.last + 1:
            raise SequenceGap(self.last + 1)
        if any(c.seq == self.malformed and c.payload.kind != "void" for c in commands):
            raise CommandRefused("HTTP 422: invalid_request")
        self.received += [(c.seq, c.payload.kind) for c in commands]
        self.last = max(self.last, commands[-1].seq)
        results = [protocol.CommandResult(seq=c.seq, outcome="applied") for c in commands]
        return protocol.CommandsResponse(last_applied_seq=self.last, results=results)

    def book(self, request: protocol.BookingRequest) -> protocol.BookingOutcome:
        raise AssertionError("no booking in this test")


def _acknowledged(kiosk: KioskCache, count: int) -> None:
    outbox = Outbox(kiosk.connect())
    payload = protocol.MarkDocumentsReceived(lookup_key=KEY, documents=["photo"])
    seqs = [
        outbox.append(payload.kind, payload.model_dump_json(), kiosk.clock()) for _ in range(count)
    ]
    outbox.acknowledge(seqs, kiosk.clock())


def test_a_replayed_command_refused_as_malformed_is_parked_and_voided(kiosk: KioskCache) -> None:
    _acknowledged(kiosk, 3)
    conn = kiosk.connect()
    ReplayState(conn).restored(0)
    gateway = RestoredGateway()
    Replay(conn, gateway, kiosk.clock).run()  # type: ignore[arg-type]
    assert gateway.received == [
        (1, "mark_documents_received"),
        (2, "void"),
        (3, "mark_documents_received"),
    ]
    [parked] = Outbox(conn).all_entries()
    assert (parked.seq, parked.kind, parked.state) == (2, "mark_documents_received", "parked")
    assert parked.last_error == "HTTP 422: invalid_request (after a gateway restore)"
    assert ReplayState(conn).replay_after is None


def test_a_gap_below_the_replay_means_the_gateway_lost_more(kiosk: KioskCache) -> None:
    _acknowledged(kiosk, 3)
    conn = kiosk.connect()
    ReplayState(conn).restored(2)  # believed: the gateway has 1 and 2
    gateway = RestoredGateway(last=0, malformed=0)
    with pytest.raises(GatewayRestored) as restored:
        Replay(conn, gateway, kiosk.clock).run()  # type: ignore[arg-type]
    assert restored.value.last_applied == 0
    assert ReplayState(conn).replay_after == 0  # the next round starts over from 1
    Replay(conn, gateway, kiosk.clock).run()  # type: ignore[arg-type]
    assert [seq for seq, _ in gateway.received] == [1, 2, 3]
    assert Outbox(conn).all_entries() == []
