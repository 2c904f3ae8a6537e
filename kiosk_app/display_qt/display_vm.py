"""The call display's state for QML: the latest call large, the last few below, whether the
gateway answers. Each call (``seq``) is shown and announced once: a repeat of a number already
seen (a resent page) is dropped."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.call_words import (
    CONNECTION_LOST,
    LAST_CALLS,
    NO_CALLS,
    SPOKEN_FIRST,
    WAITING,
    call_words,
    text,
)
from sync.walk_in_protocol import WalkInBoard, WalkInCall

from .announcer import Announcer

RECENT = 4  # calls below the latest one (two rows, read from across the room)


class DisplayVm(QObject):
    changed = Signal()

    def __init__(self, announcer: Announcer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._announcer = announcer
        self._calls: list[dict[str, Any]] = []  # newest first
        self._seen: set[int] = set()
        self._connected = False
        self._waiting: list[str] = []
        self._ever_connected = False
        announcer.availableChanged.connect(self.changed)

    # --- from the poller (GUI thread, queued) -------------------------------------------------

    @Slot(list, bool)
    def add_calls(self, calls: list[WalkInCall], fill: bool) -> None:
        new = [call for call in calls if call.seq not in self._seen]
        if not new:
            return
        for call in new:
            self._seen.add(call.seq)
            self._calls.insert(0, _entry(call))
            if not fill:
                self._announcer.announce(_sentences(call))
        del self._calls[RECENT + 1 :]
        self.changed.emit()

    @Slot(object)
    def set_board(self, board: WalkInBoard) -> None:
        """How many wait per service and the estimate for a ticket taken now (German)."""
        pattern = text(WAITING, "de")
        self._waiting = [
            pattern.format(
                letter=service.letter,
                count=service.waiting,
                low=service.estimate.low,
                high=service.estimate.high,
            )
            for service in sorted(board.services, key=lambda service: service.letter)
        ]
        self.changed.emit()

    @Slot(bool)
    def set_connected(self, connected: bool) -> None:
        if connected == self._connected:
            return
        self._connected = connected
        self._ever_connected |= connected
        self.changed.emit()

    # --- for QML ------------------------------------------------------------------------------

    def _latest(self) -> dict[str, Any]:
        return self._calls[0] if self._calls else {}

    def _recent(self) -> list[dict[str, Any]]:
        return self._calls[1:]

    def _connected_get(self) -> bool:
        return self._connected

    def _lost_text(self) -> str:
        return text(CONNECTION_LOST, "de")

    def _words(self) -> dict[str, str]:
        return {"lastCalls": text(LAST_CALLS, "de"), "noCalls": text(NO_CALLS, "de")}

    def _waiting_get(self) -> list[str]:
        return list(self._waiting)

    def _speech(self) -> bool:
        return self._announcer.available

    latest = Property("QVariantMap", _latest, notify=changed)
    recent = Property("QVariantList", _recent, notify=changed)
    connected = Property(bool, _connected_get, notify=changed)
    lostText = Property(str, _lost_text, notify=changed)
    words = Property("QVariantMap", _words, notify=changed)
    speechAvailable = Property(bool, _speech, notify=changed)
    waiting = Property("QVariantList", _waiting_get, notify=changed)

    @property
    def shown_labels(self) -> list[tuple[str, str]]:
        """(label, counter) newest first, as on screen (for tests and the log)."""
        return [(entry["label"], entry["counterDe"]) for entry in self._calls]


def _entry(call: WalkInCall) -> dict[str, Any]:
    german = call_words(call.label, call.counter_name, "de")
    own = call_words(call.label, call.counter_name, call.language)
    return {
        "seq": call.seq,
        "label": call.label,
        "counterDe": german.counter,
        "sentenceDe": german.sentence,
        "language": call.language,
        "counterOwn": own.counter,
        "sentenceOwn": own.sentence if call.language != "de" else "",
        "rightToLeft": own.right_to_left,
        "recall": call.call_number > 1,
    }


def _sentences(call: WalkInCall) -> list[tuple[str, str]]:
    said = [(call_words(call.label, call.counter_name, SPOKEN_FIRST).spoken, SPOKEN_FIRST)]
    if call.language != SPOKEN_FIRST:
        said.append(
            (call_words(call.label, call.counter_name, call.language).spoken, call.language)
        )
    return said
