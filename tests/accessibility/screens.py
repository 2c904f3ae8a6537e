"""How to reach every screen of ``core.flow.Screen`` through the real flow (the view models' own
slots, as the QML calls them), in a given language. A screen without a route fails the tests
that walk every screen, so a new screen gets one here as it lands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtTest import QTest

from kiosk_app.backend import KioskBackend
from kiosk_app.core.booking import BookingWindow, slots_for_day
from kiosk_app.core.flow import Screen
from kiosk_app.qt.app import KioskUi
from kiosk_app.store.leases import LeaseStore

SERVICE = "biometrics"
# Overlays a resident can open over a screen, walked like screens: the language menu (from the
# top bar, over the lookup screen here).
OVERLAYS = ("language_menu",)
ALL_SCREENS = tuple(str(screen) for screen in Screen) + OVERLAYS
BOOKING_SCREENS = (
    "book_service",
    "book_day",
    "book_time",
    "book_confirm",
    "booked",
    "cancel_confirm",
)
# The statuses whose result screen shows the most: missing documents, appointment to book.
RESULT_STATUS = "documents_missing"
BOOKING_STATUS = "appointment_required"


def settle(ms: int = 60) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def wait_for(condition: Callable[[], bool], what: str, timeout_ms: int = 10_000) -> None:
    waited = 0
    while not condition():
        if waited >= timeout_ms:
            raise AssertionError(f"timed out waiting for {what}")
        QTest.qWait(20)
        waited += 20


def read_aloud_on(ui: KioskUi) -> None:
    """Tap "Read aloud" and wait until the speech worker has listed its voices (or failed): the
    kiosk starts it right after its first frame, a test's kiosk on this tap."""
    from qt_fixtures import tap

    tap(ui, "a11y_speech")
    speech = ui.accessibility._speech
    wait_for(lambda: speech.prepared, "the speech worker's voices", timeout_ms=15_000)


def grant_leases(backend: KioskBackend, per_day: int = 4, days: int = 2) -> None:
    """Lease this kiosk a few slots, as the gateway would, so booking works offline."""
    time = backend.config.time
    expires = time.utc_now() + timedelta(hours=6)
    office_days: list[date] = [
        d for d in BookingWindow().days(time.today()) if slots_for_day(SERVICE, d)
    ][:days]
    slot_ids = [s.slot_id for d in office_days for s in slots_for_day(SERVICE, d)[:per_day]]
    LeaseStore(backend.cache.connection).apply_grant((slot_id, expires) for slot_id in slot_ids)


def _sample(backend: KioskBackend, status: str) -> tuple[str, str]:
    sample = next(s for s in backend.demo_samples if s.status == status)
    return sample.case_number, sample.birth_date


def _look_up(ui: KioskUi, backend: KioskBackend, lang: str, status: str) -> None:
    ui.flow_vm.chooseLanguage(lang)
    look_up_here(ui, backend, status)


def look_up_here(ui: KioskUi, backend: KioskBackend, status: str) -> None:
    """On the lookup screen: type a demo case with this status and its birth date, check."""
    case_number, birth = _sample(backend, status)
    vm = ui.lookup_vm
    vm.switchField("birth")
    vm.clear()
    vm.switchField("case")
    vm.clear()
    for char in case_number.upper().removeprefix("DA"):
        if char.isdigit():
            vm.typeDigit(char)
    vm.switchField("birth")
    for char in birth:
        if char.isdigit():
            vm.typeDigit(char)
    vm.submit()
    assert ui.flow_vm.screen == "result", ui.lookup_vm.errorText


def _booking_to(ui: KioskUi, backend: KioskBackend, lang: str, target: str) -> None:
    _look_up(ui, backend, lang, BOOKING_STATUS)
    booking = ui.booking_vm
    booked = [a for a in ui.result_vm.appointments if a["bookingId"]]  # not the office's
    if target == "cancel_confirm" and booked:  # booked on an earlier visit
        booking.startCancel(str(booked[0]["bookingId"]))
        return
    booking.startBooking()
    if target == "book_service":
        return
    booking.chooseService(SERVICE)
    if target == "book_day":
        return
    free = [str(cell["iso"]) for cell in booking.calendar if cell["enabled"]]
    assert free, "no free day: the leases did not arrive"
    booking.chooseDay(free[0])
    if target == "book_time":
        return
    booking.chooseTime(str(booking.times[0]["slotId"]))
    if target == "book_confirm":
        return
    booking.confirm()
    wait_for(lambda: ui.flow_vm.screen == "booked", "the booking to be confirmed")
    if target == "booked":
        return
    booking.finish()
    booked = [a for a in ui.result_vm.appointments if a["bookingId"]]
    assert booked, "the booked appointment is not listed on the result"
    booking.startCancel(str(booked[0]["bookingId"]))


def reach(ui: KioskUi, backend: KioskBackend, screen: str, lang: str) -> None:
    """Show ``screen`` in ``lang``, starting from a fresh session on the welcome screen. Larger
    text and high contrast stay as they were (as if the resident chose them at the start)."""
    a11y = ui.accessibility
    assert a11y is not None
    display = (a11y.largeText, a11y.highContrast)
    if ui.flow_vm.screen != "welcome":
        ui.flow_vm.home()
    if a11y.largeText != display[0]:
        a11y.toggleLargeText()
    if a11y.highContrast != display[1]:
        a11y.toggleHighContrast()
    if screen == "welcome":
        ui.switcher.switch(lang)
    elif screen == "lookup":
        ui.flow_vm.chooseLanguage(lang)
        for digit in "20250012":
            ui.lookup_vm.typeDigit(digit)
    elif screen == "result":
        _look_up(ui, backend, lang, RESULT_STATUS)
    elif screen == "checklist":
        _look_up(ui, backend, lang, RESULT_STATUS)
        ui.checklist_vm.openForCase()
    elif screen == "browse":
        # Browsing starts in the default language; the screen's own row switches it.
        ui.browse_vm.start()
        ui.browse_vm.switchLanguage(lang)
    elif screen == "walk_in":
        # From the welcome screen in the default language; the screen's own row switches it.
        # The accessibility kiosk has no gateway: the screen says tickets need the connection.
        ui.walk_in_vm.start()
        ui.walk_in_vm.switchLanguage(lang)
        wait_for(lambda: ui.walk_in_vm.state != "loading", "the walk-in board")
    elif screen == "form":
        # "I have a question" from the welcome screen; the top bar's menu switches the
        # language. The question's free-text step: the keyboard in the language's letters.
        ui.form_vm.startQuestion()
        ui.flow_vm.switchLanguage(lang)
        ui.form_vm.chooseCode("fees")
        assert ui.form_vm.fieldId == "question_text"
    elif screen == "questions":
        # From the welcome screen; the top bar's language menu switches. The keyboard open,
        # the letters of the session's script (its smallest targets).
        ui.questions_vm.start()
        ui.questions_vm.switchLanguage(lang)
        ui.questions_vm.openKeyboard()
    elif screen == "answer":
        ui.questions_vm.start()
        ui.questions_vm.switchLanguage(lang)
        ui.questions_vm.chooseTopic("extend_permit")
    elif screen in BOOKING_SCREENS:
        _booking_to(ui, backend, lang, screen)
    elif screen == "language_menu":
        ui.flow_vm.chooseLanguage(lang)
        ui.flow_vm.openLanguageMenu()
        settle()
        assert ui.flow_vm.languageMenuOpen
        return
    else:
        raise AssertionError(f"no route to the {screen!r} screen: add one to {__file__}")
    assert ui.flow_vm.screen == screen, f"wanted {screen}, the flow shows {ui.flow_vm.screen}"
    settle()
