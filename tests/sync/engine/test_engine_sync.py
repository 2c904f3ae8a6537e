"""The kiosk's sync engine against a real gateway on loopback: enrollment, initial and delta
sync, commands exactly once, revocation, epoch change."""

from __future__ import annotations

import json
import logging

import pytest
from fixed_time import fixed_now, fixed_today
from gateway_harness import RunningGateway
from kiosk_harness import KioskCache, enroll

from kiosk_app.core.attempts import AttemptLimiter
from kiosk_app.core.demo_cases import DemoCase, generate
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.core.status_lookup import StatusLookup
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.meta import CacheMeta
from kiosk_app.store.sync_state import SyncState
from sync.client import GatewayClient, SequenceGap
from sync.protocol import Command, MarkDocumentsReceived

CASES = 120


@pytest.fixture
def demo(sqlite_gateway: RunningGateway) -> list[DemoCase]:
    return sqlite_gateway.import_demo(CASES, seed=3)


def lookup_status(kiosk: KioskCache, case: DemoCase) -> CaseStatus:
    """What a resident at this kiosk would be told, through the real lookup path."""
    conn = kiosk.connect()
    pepper = CacheMeta(conn).pepper
    assert pepper is not None
    lookup = StatusLookup(
        CaseCache(conn),
        lambda: pepper,
        AttemptLimiter(lambda: fixed_now().replace(tzinfo=None)),
        fixed_today,
    )
    answer = lookup.find(case.case_number.canonical, case.birth_date.strftime("%d.%m.%Y"))
    return answer.record.status


def queue_documents_received(kiosk: KioskCache, case: DemoCase, documents: list[str]) -> int:
    conn = kiosk.connect()
    pepper = CacheMeta(conn).pepper
    assert pepper is not None
    payload = MarkDocumentsReceived(
        lookup_key=derive_lookup_key(pepper, case.case_number, case.birth_date).hex(),
        documents=documents,
    )
    return kiosk.outbox().append(payload.kind, payload.model_dump_json(), fixed_now())


def test_enroll_then_initial_sync_answers_every_case(
    kiosk: KioskCache, sqlite_gateway: RunningGateway, demo: list[DemoCase]
) -> None:
    enroll(kiosk, sqlite_gateway)
    status = kiosk.engine(page_limit=25).sync_once()  # several pages
    assert status.online and status.pending_commands == 0
    cursor, count, _rows = kiosk.snapshot()
    assert count == CASES and cursor > 0
    for case in demo[:12]:
        assert lookup_status(kiosk, case) is case.record.status


def test_a_status_change_reaches_the_kiosk_as_a_delta(
    kiosk: KioskCache, sqlite_gateway: RunningGateway, demo: list[DemoCase]
) -> None:
    enroll(kiosk, sqlite_gateway)
    engine = kiosk.engine()
    engine.sync_once()
    cursor_before, _, _ = kiosk.snapshot()
    case = next(c for c in demo if c.record.status is not CaseStatus.READY_FOR_PICKUP)
    sqlite_gateway.set_status(case.case_number.canonical, "ready_for_pickup")
    assert engine.sync_once().online
    cursor_after, count, _ = kiosk.snapshot()
    assert count == CASES and cursor_after == cursor_before + 1
    assert lookup_status(kiosk, case) is CaseStatus.READY_FOR_PICKUP


def test_commands_apply_exactly_once_across_lost_answers_and_duplicates(
    kiosk: KioskCache, sqlite_gateway: RunningGateway, demo: list[DemoCase]
) -> None:
    enroll(kiosk, sqlite_gateway)
    engine = kiosk.engine()
    engine.sync_once()
    case = next(c for c in demo if len(c.record.missing_documents) >= 2)
    first, second = case.record.missing_documents[:2]
    seqs = [queue_documents_received(kiosk, case, [first])]
    # The kiosk sends, the gateway applies, the answer is lost: send the same batch again.
    conn = kiosk.connect()
    token, url = SyncState(conn).device_token, SyncState(conn).gateway_url
    assert token and url
    entries = kiosk.outbox().to_send(10)
    commands = [
        Command(
            seq=e.seq,
            created_at=e.created_at,
            payload=MarkDocumentsReceived.model_validate_json(e.payload),
        )
        for e in entries
    ]
    with GatewayClient(url, token) as client:
        assert client.send_commands(commands).results[0].outcome == "applied"
        assert client.send_commands(commands).results[0].outcome == "duplicate"
    seqs.append(queue_documents_received(kiosk, case, [second]))
    status = engine.sync_once()  # resends seq 1 (duplicate) and 2 (applied), pulls the effect
    assert status.online and status.pending_commands == 0
    assert kiosk.outbox().all_entries() == []
    pepper = CacheMeta(kiosk.connect()).pepper
    assert pepper is not None
    record = CaseCache(kiosk.connect()).get(
        derive_lookup_key(pepper, case.case_number, case.birth_date)
    )
    assert record is not None
    assert first not in record.missing_documents and second not in record.missing_documents
    assert list(record.missing_documents) == [
        d for d in case.record.missing_documents if d not in (first, second)
    ]
    assert seqs == [1, 2]


def test_a_gap_is_refused(
    kiosk: KioskCache, sqlite_gateway: RunningGateway, demo: list[DemoCase]
) -> None:
    enroll(kiosk, sqlite_gateway)
    conn = kiosk.connect()
    token, url = SyncState(conn).device_token, SyncState(conn).gateway_url
    assert token and url
    payload = MarkDocumentsReceived(lookup_key="0" * 64, documents=["passport"])
    with GatewayClient(url, token) as client, pytest.raises(SequenceGap) as gap:
        client.send_commands([Command(seq=3, created_at=fixed_now(), payload=payload)])
    assert gap.value.expected_seq == 1


def test_revoked_device_goes_offline_and_keeps_serving_the_cache(
    kiosk: KioskCache,
    sqlite_gateway: RunningGateway,
    demo: list[DemoCase],
    caplog: pytest.LogCaptureFixture,
) -> None:
    device_id = enroll(kiosk, sqlite_gateway)
    engine = kiosk.engine()
    engine.sync_once()
    sqlite_gateway.revoke(device_id)
    with caplog.at_level(logging.WARNING, logger="sync.engine"):
        status = engine.sync_once()
    assert not status.online
    assert status.reason is not None and "device_revoked" in status.reason
    assert "device_revoked" in caplog.text
    assert lookup_status(kiosk, demo[0]) is demo[0].record.status


def test_epoch_change_resyncs_and_keeps_the_outbox(
    kiosk: KioskCache, sqlite_gateway: RunningGateway, demo: list[DemoCase]
) -> None:
    enroll(kiosk, sqlite_gateway)
    engine = kiosk.engine(page_limit=40)
    engine.sync_once()
    old_pepper = CacheMeta(kiosk.connect()).pepper
    # A command the gateway rejects on its merits is parked for staff review; a resync must
    # leave it alone.
    unknown = MarkDocumentsReceived(lookup_key="0" * 64, documents=["passport"])
    parked = kiosk.outbox().append(unknown.kind, unknown.model_dump_json(), fixed_now())
    assert engine.sync_once().parked_commands == 1
    new_epoch = sqlite_gateway.rotate_pepper()
    status = engine.sync_once()
    assert status.online and status.dataset_changed and status.epoch == new_epoch
    conn = kiosk.connect()
    assert CacheMeta(conn).pepper != old_pepper
    assert CaseCache(conn).count() == CASES
    for case in demo[:10]:
        assert lookup_status(kiosk, case) is case.record.status
    assert [(e.seq, e.state) for e in kiosk.outbox().all_entries()] == [(parked, "parked")]
    # A command queued after the resync carries a new-epoch key and is applied.
    assert queue_documents_received(kiosk, demo[1], ["photo"]) == parked + 1
    assert engine.sync_once().pending_commands == 0


def test_demo_rows_are_synthetic() -> None:
    # The engine suite's data comes from the seeded generator, never from real people.
    first = next(generate(1, 3, fixed_today()))
    assert json.dumps(first.case_number.canonical).startswith('"DA-')
