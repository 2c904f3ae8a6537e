"""Larger text, high contrast, read aloud and volume belong to one resident: a session's end
puts them back. Read aloud speaks the screen in its language, and degrades without a voice."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QGuiApplication
from qml_tree import theme_value
from qt_fixtures import FakeClock, find_item, tap
from screens import look_up_here, reach, read_aloud_on, settle

from kiosk_app.backend import KioskBackend
from kiosk_app.config import KioskConfig
from kiosk_app.core.i18n import _
from kiosk_app.qt.app import KioskUi, build_kiosk


def _all_on(ui: KioskUi) -> None:
    tap(ui, "a11y_large_text")
    tap(ui, "a11y_high_contrast")
    read_aloud_on(ui)
    tap(ui, "a11y_louder")
    vm = ui.accessibility
    assert vm.largeText and vm.highContrast and vm.speechOn and vm.volume > 0.8
    assert theme_value(ui.window, "highContrast") is True
    assert theme_value(ui.window, "textScale") > 1.0


def _all_default(ui: KioskUi) -> None:
    vm = ui.accessibility
    assert not (vm.largeText or vm.highContrast or vm.speechOn)
    assert vm.volume == pytest.approx(0.8)
    assert theme_value(ui.window, "highContrast") is False
    assert theme_value(ui.window, "textScale") == 1.0
    assert not find_item(ui, "a11y_speech").property("checked")


def test_start_over_resets_every_setting(a11y_kiosk: KioskUi, backend: KioskBackend) -> None:
    reach(a11y_kiosk, backend, "lookup", "en")
    _all_on(a11y_kiosk)
    tap(a11y_kiosk, "home")
    assert a11y_kiosk.flow_vm.screen == "welcome"
    _all_default(a11y_kiosk)


def test_idle_timeout_resets_every_setting(
    a11y_kiosk: KioskUi, backend: KioskBackend, clock: FakeClock
) -> None:
    reach(a11y_kiosk, backend, "result", "en")
    _all_on(a11y_kiosk)
    clock.advance(31)
    a11y_kiosk.idle.tick()
    assert a11y_kiosk.flow_vm.screen == "welcome"
    _all_default(a11y_kiosk)


def test_settings_left_on_the_welcome_screen_reset_after_a_timeout(
    a11y_kiosk: KioskUi, clock: FakeClock
) -> None:
    tap(a11y_kiosk, "a11y_high_contrast")
    tap(a11y_kiosk, "a11y_large_text")
    clock.advance(10)
    a11y_kiosk.idle.tick()
    assert a11y_kiosk.accessibility.highContrast  # a resident still deciding keeps them
    clock.advance(25)
    a11y_kiosk.idle.tick()
    _all_default(a11y_kiosk)


def test_read_aloud_speaks_the_screen_in_its_language(
    a11y_kiosk: KioskUi, backend: KioskBackend
) -> None:
    reach(a11y_kiosk, backend, "lookup", "en")
    read_aloud_on(a11y_kiosk)
    spoken = a11y_kiosk.accessibility.last_spoken
    assert _("Enter your case number and date of birth") in spoken
    assert _("Check status") in spoken
    assert "Larger text" not in spoken  # the bar itself is not read out every time
    voice = a11y_kiosk.accessibility._speech.voice_for("en")
    assert voice is not None and QLocale(voice.locale).language() == QLocale.Language.English

    a11y_kiosk.accessibility._last_spoken = ""
    tap(a11y_kiosk, "a11y_repeat")
    assert _("Check status") in a11y_kiosk.accessibility.last_spoken
    tap(a11y_kiosk, "a11y_stop")
    assert not a11y_kiosk.accessibility._speech.speaking

    look_up_here(a11y_kiosk, backend, "documents_missing")  # a new screen is read out
    settle(500)
    assert a11y_kiosk.result_vm.statusTitle in a11y_kiosk.accessibility.last_spoken


def test_the_idle_warning_is_spoken_when_read_aloud_is_on(
    a11y_kiosk: KioskUi, backend: KioskBackend, clock: FakeClock
) -> None:
    reach(a11y_kiosk, backend, "lookup", "en")
    read_aloud_on(a11y_kiosk)
    clock.advance(12)
    a11y_kiosk.idle.tick()
    assert a11y_kiosk.flow_vm.idleWarningVisible
    assert a11y_kiosk.accessibility.last_spoken.startswith(_("Are you still there?"))
    assert "18 seconds" in a11y_kiosk.accessibility.last_spoken


def test_a_language_without_a_voice_disables_read_aloud_with_a_note(
    a11y_kiosk: KioskUi, backend: KioskBackend
) -> None:
    reach(a11y_kiosk, backend, "lookup", "de")  # Qt's mock engine speaks English only
    read_aloud_on(a11y_kiosk)
    vm = a11y_kiosk.accessibility
    assert not vm.speechOn and not vm.speechAvailable
    assert not find_item(a11y_kiosk, "a11y_speech").isEnabled()
    assert find_item(a11y_kiosk, "a11y_speech_note").property("text") == vm.speechNote != ""

    a11y_kiosk.switcher.switch("en")  # the next language has one
    assert vm.speechAvailable and find_item(a11y_kiosk, "a11y_speech").isEnabled()


@pytest.fixture
def silent_kiosk(
    qapp: QGuiApplication, demo_config: KioskConfig, backend: KioskBackend
) -> Iterator[KioskUi]:
    config = replace(demo_config, speech_engine="no-such-engine")
    ui = build_kiosk(config, backend, qapp, clock=FakeClock(), with_sound=False)
    ui.window.show()
    yield ui
    ui.close()


def test_a_missing_speech_engine_degrades_gracefully(
    silent_kiosk: KioskUi, backend: KioskBackend
) -> None:
    reach(silent_kiosk, backend, "lookup", "en")
    read_aloud_on(silent_kiosk)
    vm = silent_kiosk.accessibility
    assert not vm.speechOn and not vm.speechAvailable
    assert vm.speechNote == _("Reading aloud is not available on this kiosk.")
    assert find_item(silent_kiosk, "a11y_speech_note").isVisible()
    vm.repeat()  # nothing to say, nothing breaks
    reach(silent_kiosk, backend, "result", "en")
    assert silent_kiosk.flow_vm.screen == "result"


class RecordingSound:
    """Stands in for the idle warning's QSoundEffect (no audio device in tests)."""

    def __init__(self) -> None:
        self.played = 0
        self.volumes: list[float] = []

    def prepare(self) -> None:
        pass

    def play(self) -> None:
        self.played += 1

    def set_volume(self, volume: float) -> None:
        self.volumes.append(volume)


def test_the_idle_warning_reaches_eyes_and_ears(
    a11y_kiosk: KioskUi, backend: KioskBackend, clock: FakeClock
) -> None:
    sound = RecordingSound()
    a11y_kiosk.idle._sound = sound  # type: ignore[assignment]
    a11y_kiosk.accessibility._sound = sound  # type: ignore[assignment]
    reach(a11y_kiosk, backend, "lookup", "en")
    read_aloud_on(a11y_kiosk)
    tap(a11y_kiosk, "a11y_louder")
    assert sound.volumes[-1] == pytest.approx(1.0)  # the bar's volume is the tone's too
    clock.advance(12)
    a11y_kiosk.idle.tick()
    assert find_item(a11y_kiosk, "idle_warning").isVisible()  # seen
    assert sound.played == 1  # heard as a tone
    assert _("Are you still there?") in a11y_kiosk.accessibility.last_spoken  # and in words
    clock.advance(1)
    a11y_kiosk.idle.tick()
    assert sound.played == 1  # once per warning, not every second
    tap(a11y_kiosk, "extend")
    assert not a11y_kiosk.flow_vm.idleWarningVisible
    tap(a11y_kiosk, "home")
    assert sound.volumes[-1] == pytest.approx(0.8)  # the next resident starts at the default


def test_each_question_of_a_form_is_read_aloud_and_the_keyboard_is_not(
    a11y_kiosk: KioskUi, backend: KioskBackend
) -> None:
    reach(a11y_kiosk, backend, "form", "en")  # the question's free-text step
    read_aloud_on(a11y_kiosk)
    settle(500)
    spoken = a11y_kiosk.accessibility.last_spoken
    assert _("Ihre Frage") != "Ihre Frage"  # the label is a German msgid, said in English
    assert _("Ihre Frage") in spoken and "Frage" not in spoken
    assert "Space" not in spoken and "Erase" not in spoken  # the keys are not read out
    vm = a11y_kiosk.form_vm
    vm.next()  # empty: the message is read out too
    settle(500)
    assert _("Please answer this question.") in a11y_kiosk.accessibility.last_spoken
    for char in "How much?":
        vm.typeKey(char)
    vm.next()  # the next question replaces the spoken text
    settle(500)
    reply = _("Wie möchten Sie die Antwort erhalten?")
    assert reply != "Wie möchten Sie die Antwort erhalten?"
    assert reply in a11y_kiosk.accessibility.last_spoken
