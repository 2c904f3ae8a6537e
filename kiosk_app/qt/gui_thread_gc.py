"""Python's cyclic garbage collector runs in the GUI thread only.

Left to itself, the collector runs in whichever thread happens to allocate: a desk writer or the
sync engine's thread can then free a PySide QObject that was caught in a reference cycle. Its
C++ destructor takes Qt's locks there while waiting for the GIL, and the GUI thread, holding the
GIL while it deletes QML items, waits for the same lock: the kiosk froze once in a test that
way (``QObject::~QObject`` in a ``desk-write`` thread, ``gc_collect_main`` under it). Anki does
the same for the same reason: automatic collection off, collections on a timer in the GUI thread.
Reference counting still frees everything that is not in a cycle at once.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

YOUNG_EVERY_MS = 1_000  # generations 0 and 1: a few milliseconds
FULL_EVERY = 60  # young collections per full one


class GuiThreadCollector(QObject):
    """Owns the collector while it lives: automatic collection off, collections on a timer of
    the thread it was made in (the GUI thread); ``stop`` gives collection back as it was."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(YOUNG_EVERY_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        self._ticks += 1
        gc.collect(2 if self._ticks % FULL_EVERY == 0 else 1)

    def collect_all(self) -> None:
        """A full collection now (at a session's end, when no one is waiting)."""
        gc.collect()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
