"""A QObject caught in a reference cycle is freed in the GUI thread, never in a worker thread
where the collector happened to run (its destructor there once deadlocked the kiosk against the
GUI thread: Qt's lock on one side, the GIL on the other)."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject
from PySide6.QtTest import QTest

from kiosk_app.qt.app import KioskUi


def test_a_cycle_made_in_a_worker_is_freed_in_the_gui_thread(kiosk: KioskUi) -> None:
    freed_in: list[str] = []

    def work() -> None:
        thing = QObject()
        cycle: list[object] = [thing]
        cycle.append(cycle)
        weakref.finalize(thing, lambda: freed_in.append(threading.current_thread().name))
        del thing, cycle
        for _ in range(50_000):  # enough allocations to set off an automatic collection
            [[]]  # noqa: B018

    worker = threading.Thread(target=work, name="desk-write-test")
    worker.start()
    worker.join()
    assert freed_in == [], f"freed in {freed_in}: the collector ran outside the GUI thread"
    assert not gc.isenabled()
    QTest.qWait(1500)  # the kiosk's collector runs every second
    assert freed_in == [threading.main_thread().name]


def test_a_closed_kiosk_gives_automatic_collection_back(kiosk: KioskUi) -> None:
    assert kiosk.collector is not None and not gc.isenabled()
    kiosk.collector.stop()  # what KioskUi.close does
    assert gc.isenabled()
