"""Printed references from a real encrypted cache to a real gateway on loopback (issue 4): the
kiosk queues ``register_reference`` in its outbox, the engine pushes it like any command (also
after an outage and a restart), and staff then find the case at ``/admin/v1/references``."""

from __future__ import annotations

from gateway_harness import RunningGateway
from kiosk_harness import KioskCache, enroll

from kiosk_app.core.checklist import PrintedReference
from kiosk_app.core.demo_cases import DemoCase
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.core.reference import new_reference
from kiosk_app.reference_queue import ReferenceQueue
from kiosk_app.store.connection import open_cache
from kiosk_app.store.meta import CacheMeta


def enrolled(kiosk: KioskCache, gateway: RunningGateway) -> list[DemoCase]:
    cases = gateway.import_demo(8, seed=3)
    enroll(kiosk, gateway)
    status = kiosk.engine().sync_once()
    assert status.online, status.reason
    return cases


def printed(kiosk: KioskCache, case: DemoCase) -> PrintedReference:
    pepper = CacheMeta(kiosk.connect()).pepper
    assert pepper is not None
    key = derive_lookup_key(pepper, case.case_number, case.birth_date)
    # Printed in the resident's session language (Persian here), which staff see.
    return PrintedReference(
        new_reference(), key, tuple(case.record.missing_documents), language="fa"
    )


def staff_lookup(gateway: RunningGateway, reference: str) -> dict[str, object] | None:
    response = gateway.admin.get(f"/admin/v1/references/{reference}")
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return dict(response.json())


def test_after_sync_once_staff_find_the_case(
    kiosk: KioskCache, sqlite_gateway: RunningGateway
) -> None:
    case = enrolled(kiosk, sqlite_gateway)[0]
    paper = printed(kiosk, case)
    woken: list[bool] = []
    queue = ReferenceQueue(
        lambda: open_cache(kiosk.path, kiosk.key), wake=lambda: woken.append(True)
    )
    try:
        queue.register(paper).result(timeout=10)
    finally:
        queue.close()
    assert woken == [True]
    assert [e.kind for e in kiosk.outbox().all_entries()] == ["register_reference"]
    assert staff_lookup(sqlite_gateway, paper.reference) is None  # not pushed yet

    status = kiosk.engine().sync_once()

    assert status.online and status.pending_commands == 0 and status.parked_commands == 0
    found = staff_lookup(sqlite_gateway, paper.reference)
    assert found is not None
    assert found["case_number"] == case.case_number.canonical
    assert found["status"] == case.record.status.value
    assert found["documents"] == list(paper.documents)
    assert found["language"] == "fa"


def test_a_reference_queued_offline_arrives_after_outage_and_restart(
    kiosk: KioskCache, sqlite_gateway: RunningGateway
) -> None:
    case = enrolled(kiosk, sqlite_gateway)[1]
    paper = printed(kiosk, case)
    sqlite_gateway.stop()
    queue = ReferenceQueue(lambda: open_cache(kiosk.path, kiosk.key))
    queue.register(paper).result(timeout=10)
    queue.close()  # the kiosk process ends here; the command is in the encrypted cache

    assert not kiosk.engine().sync_once().online
    sqlite_gateway.start()
    status = kiosk.engine().sync_once()  # a fresh engine, as after a restart

    assert status.online and status.pending_commands == 0
    found = staff_lookup(sqlite_gateway, paper.reference)
    assert found is not None and found["case_number"] == case.case_number.canonical
