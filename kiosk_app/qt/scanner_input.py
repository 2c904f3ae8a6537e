"""Barcode scanner input: bursts of a HID-wedge scanner never reach the focused field.

An application event filter holds key presses addressed to the kiosk window while
``core.scanner.BurstDetector`` decides; a scan goes to a callback, typing is replayed to the
window in its original order. (A scanner on a serial port or read through evdev needs none of
this; docs/deploy.md describes that option.)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QKeyEvent, QWindow

from kiosk_app.core.scanner import BurstDetector, ScanPolicy

log = logging.getLogger(__name__)

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Scanners press Shift for capital letters; a bare modifier neither types nor ends a burst.
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
)


@dataclass
class _HeldKey:
    press: QKeyEvent
    release: QKeyEvent | None = None


def _copy(event: QKeyEvent) -> QKeyEvent:
    """Qt reuses the event object after delivery, so held events are copied."""
    return QKeyEvent(
        event.type(),
        event.key(),
        event.modifiers(),
        event.text(),
        event.isAutoRepeat(),
        event.count(),
    )


def log_scan(text: str) -> None:
    """The default scan handler: log that a scan arrived, never what it contained."""
    log.info("barcode scan received (%d characters)", len(text))


class ScannerInput(QObject):
    """Swallows scanner bursts addressed to ``window`` and hands the text to ``on_scan``."""

    def __init__(
        self,
        window: QWindow,
        on_scan: Callable[[str], None] = log_scan,
        policy: ScanPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._on_scan = on_scan
        self._clock = clock
        self._detector = BurstDetector(policy or ScanPolicy())
        self._held: list[_HeldKey] = []
        self._replaying = False
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        # Fire just after the gap that ends a burst, so a person's key shows up promptly.
        self._quiet.setInterval(int(self._detector.policy.max_gap_s * 1000) + 5)
        self._quiet.timeout.connect(self.quiet)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or watched is not self._window:
            return False
        if not isinstance(event, QKeyEvent) or event.key() in _MODIFIER_KEYS:
            return False
        if event.type() == QEvent.Type.KeyRelease:
            return self._held_release(event)
        if event.type() != QEvent.Type.KeyPress:
            return False
        if event.isAutoRepeat() or event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            self._replay(len(self._held))  # held keys go first, so the order is kept
            return False
        text = "\r" if event.key() in _ENTER_KEYS else event.text()
        verdict = self._detector.press(text, self._clock())
        self._replay(verdict.replay)
        if verdict.scan is not None:
            self._held.clear()
            self._on_scan(verdict.scan)
            return True
        if verdict.hold:
            self._held.append(_HeldKey(_copy(event)))
            self._quiet.start()
            return True
        self._replay(len(self._held))
        return False

    def _held_release(self, event: QKeyEvent) -> bool:
        """Keep the release with its held press, so a replayed key is pressed, then released."""
        if event.isAutoRepeat():
            return False
        for held in self._held:
            if held.release is None and held.press.key() == event.key():
                held.release = _copy(event)
                return True
        return False

    @Slot()
    def quiet(self) -> None:
        self._replay(self._detector.quiet(self._clock()))

    def _replay(self, count: int) -> None:
        """Deliver the oldest ``count`` held key presses (and their releases) as typing."""
        if count <= 0:
            return
        replayed, self._held = self._held[:count], self._held[count:]
        self._replaying = True
        try:
            for held in replayed:
                QCoreApplication.sendEvent(self._window, held.press)
                if held.release is not None:
                    QCoreApplication.sendEvent(self._window, held.release)
        finally:
            self._replaying = False
