"""Idle timeout (DESIGN.md "Reliability rules"): warn visibly and audibly, allow extending,
then end the session. Any touch, click or key press counts as the resident still being there."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl

from kiosk_app.core.flow import IdlePhase, IdlePolicy, KioskFlow, Screen
from kiosk_app.qt.viewmodels.flow_vm import FlowViewModel

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

log = logging.getLogger(__name__)


@cache
def _activity() -> frozenset[QEvent.Type]:
    """The events that mean someone is there. Made on the first event the watcher sees (after
    the first frame): QEvent's type and its ~180-member enum cost PySide ~3 ms to build."""
    from PySide6.QtCore import QEvent

    return frozenset(
        {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.TouchBegin,
            QEvent.Type.KeyPress,
            QEvent.Type.Wheel,
        }
    )


class WarningSound:
    """A short chime; on a machine without audio it degrades to silence (and says so once).

    Loading QtMultimedia costs start-up time, so ``prepare`` runs after the first frame.
    """

    def __init__(self, wav: Path) -> None:
        self._wav = wav
        self._effect = None
        self._prepared = False
        self._volume = 0.8

    def prepare(self) -> None:
        if self._prepared:
            return
        self._prepared = True
        try:
            from PySide6.QtMultimedia import QSoundEffect

            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(self._wav)))
            effect.setVolume(self._volume)
            self._effect = effect
        except Exception as error:  # no QtMultimedia or no audio backend: the overlay still shows
            log.warning("idle warning will be silent: %s", error)

    def set_volume(self, volume: float) -> None:
        """The resident's volume (accessibility bar); back to the default after the session."""
        self._volume = volume
        if self._effect is not None:
            self._effect.setVolume(volume)

    def play(self) -> None:
        self.prepare()
        if self._effect is None:
            return
        if self._effect.status() == self._effect.Status.Error:
            log.warning("idle warning is silent: the sound could not be loaded or played")
            self._effect = None  # say it once; the visual pulse carries the warning
            return
        self._effect.play()


class IdleWatcher(QObject):
    """Counts seconds since the last touch while a session is open, and acts on the policy.

    ``clock`` is injectable so tests fast-forward time instead of waiting.
    """

    def __init__(
        self,
        policy: IdlePolicy,
        flow: KioskFlow,
        flow_vm: FlowViewModel,
        *,
        clock: Callable[[], float] = time.monotonic,
        sound: WarningSound | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._policy = policy
        self._flow = flow
        self._flow_vm = flow_vm
        self._clock = clock
        self._sound = sound
        self._last_activity = clock()
        self._phase = IdlePhase.ACTIVE
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self._welcome_resets: list[Callable[[], None]] = []
        flow_vm.set_extend_action(self.extend)
        flow.on_screen_changed(lambda _screen: self.extend())

    @property
    def policy(self) -> IdlePolicy:
        return self._policy

    def on_welcome_idle(self, reset: Callable[[], None]) -> None:
        """``reset()`` runs when the welcome screen was left untouched for a whole timeout."""
        self._welcome_resets.append(reset)

    def start(self) -> None:
        self._timer.start()
        if self._sound is not None:
            QTimer.singleShot(1500, self._sound.prepare)

    def stop(self) -> None:
        self._timer.stop()

    def extend(self) -> None:
        """The resident is there: the count starts again."""
        self._last_activity = self._clock()
        if self._phase is not IdlePhase.ACTIVE:
            self._phase = IdlePhase.ACTIVE
            self._flow_vm.show_idle(False, 0)

    @property
    def idle_seconds(self) -> float:
        return self._clock() - self._last_activity

    def tick(self) -> None:
        if self._flow.screen is Screen.WELCOME:  # no session open, nothing to protect
            if self.idle_seconds >= self._policy.timeout_s:
                # ... but display settings chosen here and left behind go back to the defaults.
                self._last_activity = self._clock()
                for reset in self._welcome_resets:
                    reset()
            return
        idle = self.idle_seconds
        phase = self._policy.phase(idle)
        if phase is IdlePhase.EXPIRED:
            log.info("session ended after %.0f s idle", idle)
            self._phase = IdlePhase.ACTIVE
            self._flow.home()
            return
        warning = phase is IdlePhase.WARNING
        if warning and self._phase is not IdlePhase.WARNING and self._sound is not None:
            self._sound.play()
        self._flow_vm.show_idle(warning, self._policy.seconds_left(idle) if warning else 0)
        self._phase = phase

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Only note the time: hiding the overlay mid-press would drop the tap; the next tick does.
        if event.type() in _activity():
            self._last_activity = self._clock()
        return False
