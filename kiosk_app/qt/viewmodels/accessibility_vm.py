"""The accessibility bar on every screen: larger text, high contrast, read aloud, volume.

Every setting belongs to one resident: the end of a session (start over, idle timeout) puts
all of them back to the defaults, and so does a welcome screen left alone for a timeout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk_app.core.i18n import N_, _
from kiosk_app.qt.speech import SpeechFailure, SpeechOutput, spoken_text

if TYPE_CHECKING:
    from PySide6.QtGui import QWindow
    from PySide6.QtQuick import QQuickItem

    from kiosk_app.core.flow import KioskFlow, Screen
    from kiosk_app.qt.idle import WarningSound
    from kiosk_app.qt.translator import LanguageSwitcher
    from kiosk_app.qt.viewmodels.flow_vm import FlowViewModel

DEFAULT_VOLUME = 0.8
VOLUME_STEP = 0.2
MIN_VOLUME = 0.2
SPEAK_AFTER_MS = 300  # the new screen has laid out by then
UNAVAILABLE_NOTES = {
    SpeechFailure.NO_ENGINE: N_("Reading aloud is not available on this kiosk."),
    SpeechFailure.NOT_RESPONDING: N_(
        "Reading aloud is unavailable: the speech service is not responding."
    ),
    SpeechFailure.STOPPED: N_("Reading aloud is unavailable: the speech service stopped."),
}


class AccessibilityViewModel(QObject):
    displayChanged = Signal()
    speechChanged = Signal()

    def __init__(
        self,
        speech: SpeechOutput,
        flow: KioskFlow,
        switcher: LanguageSwitcher,
        flow_vm: FlowViewModel,
        sound: WarningSound | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._speech = speech
        self._switcher = switcher
        self._flow_vm = flow_vm
        self._sound = sound
        self._window: QWindow | None = None
        self._high_contrast = False
        self._large_text = False
        self._speech_on = False
        self._volume = DEFAULT_VOLUME
        self._last_spoken = ""
        self._warning_was_visible = False
        self._speak_timer = QTimer(self)
        self._speak_timer.setSingleShot(True)
        self._speak_timer.setInterval(SPEAK_AFTER_MS)
        self._speak_timer.timeout.connect(self.speak_screen)
        speech.readyChanged.connect(self._speech_ready)
        flow.on_session_end(self.reset)
        flow.on_screen_changed(self._screen_changed)
        switcher.on_switched(self._language_switched)
        flow_vm.idleChanged.connect(self._idle_changed)

    def attach_window(self, window: QWindow) -> None:
        """The kiosk window, whose current screen is read aloud."""
        self._window = window
        window.destroyed.connect(self._window_gone)

    def _window_gone(self) -> None:
        self._window = None
        self.close()

    def close(self) -> None:
        """The kiosk closes: no more speech, and the speech worker ends."""
        self._speak_timer.stop()
        self._speech.shutdown()

    # --- display ----------------------------------------------------------------------------

    @Property(bool, notify=displayChanged)
    def highContrast(self) -> bool:
        return self._high_contrast

    @Property(bool, notify=displayChanged)
    def largeText(self) -> bool:
        return self._large_text

    @Slot()
    def toggleHighContrast(self) -> None:
        self._high_contrast = not self._high_contrast
        self.displayChanged.emit()

    @Slot()
    def toggleLargeText(self) -> None:
        self._large_text = not self._large_text
        self.displayChanged.emit()

    # --- speech -----------------------------------------------------------------------------

    @Property(bool, notify=speechChanged)
    def speechOn(self) -> bool:
        return self._speech_on

    @Property(bool, notify=speechChanged)
    def speechAvailable(self) -> bool:
        """False when the engine failed or the language has no voice (known once prepared)."""
        if self._speech.failure is not None:
            return False
        if not self._speech.prepared:
            return True  # the worker is still starting: a tap waits for its voices
        return self._speech.voice_for(self._switcher.current) is not None

    @Property(str, notify=speechChanged)
    def speechNote(self) -> str:
        """Why the read-aloud button is disabled (empty while it is not)."""
        if self.speechAvailable:
            return ""
        failure = self._speech.failure
        if failure is not None:
            return _(UNAVAILABLE_NOTES[failure])
        return _("Reading aloud is not available in this language.")

    @Property(float, notify=speechChanged)
    def volume(self) -> float:
        return self._volume

    def prepare_speech(self) -> None:
        """Start the speech worker, which lists its voices (after the first frame)."""
        self._speech.start()

    @Slot()
    def toggleSpeech(self) -> None:
        if self._speech_on:
            self._speech_on = False
            self._speech.stop()
            self.speechChanged.emit()
            return
        self._speech.start()  # if not yet started: the first words wait for its voices
        if not self.speechAvailable:
            self.speechChanged.emit()  # the button greys out and the note says why
            return
        self._speech_on = True
        self.speechChanged.emit()
        self.speak_screen()

    @Slot()
    def repeat(self) -> None:
        if self._speech_on:
            self.speak_screen()

    @Slot()
    def stopSpeaking(self) -> None:
        self._speech.stop()

    @Slot()
    def louder(self) -> None:
        self._set_volume(min(1.0, self._volume + VOLUME_STEP))

    @Slot()
    def quieter(self) -> None:
        self._set_volume(max(MIN_VOLUME, self._volume - VOLUME_STEP))

    def _set_volume(self, volume: float) -> None:
        self._volume = round(volume, 2)
        self._speech.set_volume(self._volume)
        if self._sound is not None:
            self._sound.set_volume(self._volume)
        self.speechChanged.emit()

    @property
    def last_spoken(self) -> str:
        """What was last handed to the speech engine (tests read it)."""
        return self._last_spoken

    def speak(self, text: str) -> None:
        if self._speech_on and self._speech.say(text, self._switcher.current):
            self._last_spoken = text

    def read_parts(self, parts: Sequence[tuple[str, str]]) -> bool:
        """A screen's own "Read aloud" (an answer, issue 16): the first (text, language) whose
        language has a voice, said at once; read aloud stays on for the screens after. Never
        waits: before the worker has listed its voices the text waits for them. False: no
        voice for any of them (or the speech service failed)."""
        self._speech.start()
        if self._speech.failure is not None:
            return False
        for text, language in parts:
            if self._speech.prepared and self._speech.voice_for(language) is None:
                continue
            self._speak_timer.stop()  # the screen's own reading would interrupt this one
            if not self._speech_on:
                self._speech_on = True
                self.speechChanged.emit()
            if self._speech.say(text, language):
                self._last_spoken = text
                return True
        return False

    def speak_screen(self) -> None:
        screen = self._current_screen()
        if screen is not None:
            self.speak(spoken_text(screen))

    def _current_screen(self) -> QQuickItem | None:
        if self._window is None:
            return None
        from kiosk_app.qt.qml_items import find_qml_item

        loader = find_qml_item(self._window, "screen_loader")
        if loader is None:
            return None
        item = loader.property("item")
        return item if item is not None else None

    # --- session ----------------------------------------------------------------------------

    @Slot()
    def reset(self) -> None:
        """Back to the defaults for the next resident."""
        self._speak_timer.stop()
        self._speech.stop()
        if self._high_contrast or self._large_text:
            self._high_contrast = self._large_text = False
            self.displayChanged.emit()
        if self._speech_on or self._volume != DEFAULT_VOLUME:
            self._speech_on = False
            self._set_volume(DEFAULT_VOLUME)
        self._last_spoken = ""
        self._speech.retry_after_failure()
        self.speechChanged.emit()

    @Slot()
    def speak_soon(self) -> None:
        """The screen changed inside (a form's next question): read it again, after layout."""
        if self._speech_on:
            self._speak_timer.start()

    def _screen_changed(self, _screen: Screen) -> None:
        if self._speech_on:
            self._speak_timer.start()

    def _language_switched(self, _code: str) -> None:
        self.speechChanged.emit()  # a voice may exist in one language and not another
        if self._speech_on:
            if self.speechAvailable:
                self._speak_timer.start()
            else:
                self._speech_on = False
                self._speech.stop()
                self.speechChanged.emit()

    def _speech_ready(self) -> None:
        """The voices are known, or read aloud became unavailable (or available again)."""
        if self._speech_on and not self.speechAvailable:
            self._speech_on = False
            self._speech.stop()
        self.speechChanged.emit()

    def _idle_changed(self) -> None:
        visible = bool(self._flow_vm.property("idleWarningVisible"))
        if visible and not self._warning_was_visible:
            # The warning reaches the ear too: the tone plays (IdleWatcher), then the words.
            message = str(self._flow_vm.property("idleMessage"))
            self.speak(_("Are you still there?") + "\n" + message)
        self._warning_was_visible = visible
