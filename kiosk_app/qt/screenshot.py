"""``kiosk-app screenshot``: render one screen offscreen from a demo cache and save a PNG."""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication

from kiosk_app.backend import KioskBackend, open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.qt.app import KioskUi, build_kiosk

# The booking screens book on a throwaway copy of the cache (the demo cache stays as it was).
BOOKING_SCREENS = (
    "book_service",
    "book_day",
    "book_time",
    "book_confirm",
    "booked",
    "booked_result",  # the result with the new appointment listed
    "cancel_confirm",
)
# A request (issue 17): one question with its keyboard, the review page, the dated receipt (on
# screen, with its paper beside it as ``<out>-paper.png``); submitted on a throwaway copy.
FORM_SCREENS = ("form_step", "form_review", "form_receipt")
FORM_REMARKS = {  # synthetic, typed on the free-text step
    "de": "Ich arbeite jetzt in Teilzeit.",
    "ar": "أعمل الآن بدوام جزئي",
    "fa": "اکنون پاره‌وقت کار می‌کنم",
    "uk": "Тепер я працюю неповний день",
    "en": "I now work part-time.",
    "zh_Hans": "我现在做",
}
# Chinese is typed in Pinyin: the step is shown with these letters composing, its candidates
# in the row above the keys (兼职, part-time, among them).
FORM_COMPOSING = {"zh_Hans": "jianzhi"}
# The Questions screens (issue 16): the topic list, the keyboard with a search typed, the
# offered questions, one answer.
QUESTION_SCREENS = ("questions", "questions_keyboard", "questions_results", "answer")
# What a resident might type, per language (a Chinese session: a word key and Pinyin).
SAMPLE_SEARCH = {
    "de": "aufenthalt verlängern",
    "ar": "تجديد الاقامة",
    "fa": "تمدید اقامت",
    "ru": "продлить вид",
    "uk": "продовжити посвідку",
    "tr": "oturum uzatma",
    "fr": "prolonger titre",
    "es": "renovar permiso",
}
SCREENS = (
    "welcome",
    "lookup",
    "language_menu",  # the top bar's language menu, over the lookup screen
    "result",
    "checklist",
    "browse",
    *BOOKING_SCREENS,
    *FORM_SCREENS,
    *QUESTION_SCREENS,
)
SETTLE_MS = 400
BOOKING_SERVICE = "biometrics"


class ScreenshotError(RuntimeError):
    """The requested screen cannot be shown (unknown name, no demo case, lookup refused)."""


def _settle(app: QGuiApplication, ms: int = SETTLE_MS) -> None:
    """Let QML lay out and render: run the event loop for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _type(ui: KioskUi, digits: str) -> None:
    for digit in digits:
        if digit.isdigit():
            ui.lookup_vm.typeDigit(digit)


def _wait_for(app: QGuiApplication, done: object, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise ScreenshotError("the booking did not finish in time")
        _settle(app, 20)


def _show_booking(ui: KioskUi, app: QGuiApplication, screen: str) -> None:
    """Walk the booking screens up to ``screen`` as a resident would."""
    vm = ui.booking_vm
    vm.startBooking()
    if screen == "book_service":
        return
    vm.chooseService(BOOKING_SERVICE)
    if screen == "book_day":
        return
    days = [str(cell["iso"]) for cell in vm.calendar if cell["enabled"]]
    if not days:
        raise ScreenshotError("no free day to book in the demo cache")
    vm.chooseDay(days[min(2, len(days) - 1)])
    if screen == "book_time":
        return
    vm.chooseTime(vm.times[min(3, len(vm.times) - 1)]["slotId"])
    if screen == "book_confirm":
        return
    vm.confirm()
    _wait_for(app, lambda: ui.flow_vm.screen == "booked" or vm.errorText)
    if ui.flow_vm.screen != "booked":
        raise ScreenshotError(vm.errorText)
    if screen == "booked":
        return
    vm.finish()
    if screen == "cancel_confirm":
        booked = [a for a in ui.result_vm.appointments if a["bookingId"]]
        vm.startCancel(str(booked[0]["bookingId"]))


def _show_form(ui: KioskUi, app: QGuiApplication, screen: str, lang: str, out: Path) -> None:
    """An extension application for the looked-up case, up to ``screen``."""
    vm = ui.form_vm
    vm.startForCase()
    vm.chooseForm("extend_permit")
    for answer in (True, False, False, True, True):  # no new passport date asked
        vm.answerYesNo(answer)
    for char in FORM_REMARKS.get(lang, ""):
        vm.typeKey(char)
    if screen == "form_step":
        for key in FORM_COMPOSING.get(lang, ""):
            vm.typeKey(key)
        return
    vm.next()
    vm.answerYesNo(True)
    if screen == "form_review":
        return
    vm.submit()
    _wait_for(app, lambda: vm.state in ("done", "failed"))
    if vm.paper is not None:
        from kiosk_app.qt.printing.form_receipt import render_form_receipt

        out.parent.mkdir(parents=True, exist_ok=True)
        render_form_receipt(vm.paper).save(str(out.with_name(out.stem + "-paper.png")), "PNG")


def _lease_demo_slots(backend: KioskBackend) -> None:
    """Lease the throwaway cache a plausible spread of slots (the demo has no gateway)."""
    from kiosk_app.core.booking import SERVICES, BookingWindow, slots_for_day
    from kiosk_app.store.leases import LeaseStore

    rng = random.Random(2026)
    time = backend.config.time
    expires = time.utc_now() + timedelta(hours=6)
    granted = []
    for day in BookingWindow().days(time.today()):
        for service in SERVICES:
            slots = slots_for_day(service, day)
            granted.extend(slot.slot_id for slot in rng.sample(slots, rng.randint(0, len(slots))))
    LeaseStore(backend.cache.connection).apply_grant((slot_id, expires) for slot_id in granted)


@contextmanager
def _throwaway(config: KioskConfig) -> Iterator[KioskConfig]:
    """A copy of the state directory, removed afterwards (key file mode kept)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-screenshot-") as folder:
        state = Path(folder) / "state"
        shutil.copytree(config.state_dir, state)
        yield replace(config, state_dir=state)


def _show(ui: KioskUi, screen: str, lang: str, case: str | None, birth: str | None) -> None:
    if screen == "welcome":
        ui.switcher.switch(lang)  # the welcome screen in this language, no session started
        return
    if screen in QUESTION_SCREENS:
        _show_questions(ui, screen, lang)
        return
    if screen == "browse":  # starts in the default language; its own row switches
        ui.browse_vm.start()
        ui.browse_vm.switchLanguage(lang)
        return
    ui.flow_vm.chooseLanguage(lang)
    if screen in ("lookup", "language_menu"):
        # A resident halfway through typing: the masks fill as digits arrive.
        _type(ui, (case or "DA-2025-0012")[2:])
        if screen == "language_menu":
            ui.flow_vm.openLanguageMenu()
        return
    if case is None:
        raise ScreenshotError("the result screen needs --case (a demo case number)")
    _type(ui, case.upper().removeprefix("DA"))
    ui.lookup_vm.switchField("birth")
    _type(ui, birth or "")
    ui.lookup_vm.submit()
    if ui.flow_vm.screen != "result":
        raise ScreenshotError(ui.lookup_vm.errorText or "the lookup did not find the case")
    if screen == "checklist":
        ui.checklist_vm.openForCase()


def _show_questions(ui: KioskUi, screen: str, lang: str) -> None:
    """From the welcome screen, the language switched in the top bar, as a resident would."""
    vm = ui.questions_vm
    vm.start()
    vm.switchLanguage(lang)
    if screen == "answer":
        vm.chooseTopic("extend_permit")
        return
    if screen == "questions":
        return
    vm.openKeyboard()
    if lang == "zh_Hans":  # a whole-word key ("residence"), then Pinyin composing: "extend"
        vm.typeWord("居留")
        for key in "yanchang":
            vm.typeKey(key)
    for key in SAMPLE_SEARCH.get(lang, ""):
        if key == " ":
            vm.typeSpace()
        else:
            vm.typeKey(key)
    if screen == "questions_results":
        vm.search()


def save_screenshot(
    config: KioskConfig,
    screen: str,
    lang: str,
    out: Path,
    case: str | None = None,
    birth: str | None = None,
    *,
    high_contrast: bool = False,
    large_text: bool = False,
) -> None:
    """Render ``screen`` (one of ``SCREENS``) in ``lang`` offscreen, save a PNG.

    For 'result' a real lookup runs on the demo cache; ``birth`` defaults to the demo sample's,
    and ``case`` to the first demo sample (for 'checklist' one with missing documents);
    ``high_contrast`` and ``large_text`` switch the accessibility bar's modes on. The booking
    screens look the case up and book on a throwaway copy of the cache, from slots leased to it
    for the occasion.
    """
    if screen not in SCREENS:
        raise ScreenshotError(f"unknown screen {screen!r}; choose one of {', '.join(SCREENS)}")
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    existing = QGuiApplication.instance()
    app = existing if isinstance(existing, QGuiApplication) else QGuiApplication([])
    if screen in BOOKING_SCREENS or screen in FORM_SCREENS:
        with _throwaway(config) as copy:
            _save(copy, app, screen, lang, out, case, birth, (high_contrast, large_text))
    else:
        _save(config, app, screen, lang, out, case, birth, (high_contrast, large_text))


def _save(
    config: KioskConfig,
    app: QGuiApplication,
    screen: str,
    lang: str,
    out: Path,
    case: str | None,
    birth: str | None,
    modes: tuple[bool, bool] = (False, False),
) -> None:
    backend = open_backend(config)
    booking = screen in BOOKING_SCREENS
    try:
        if booking:
            _lease_demo_slots(backend)
        if screen in ("result", "checklist") or booking or screen in FORM_SCREENS:
            samples = {s.case_number: s for s in backend.demo_samples}
            if case is None and backend.demo_samples:
                # Booking: a case that is asked to book (any case can, this one reads best).
                wanted = "appointment_required" if booking else backend.demo_samples[0].status
                wanted = "documents_missing" if screen == "checklist" else wanted
                case = next(s for s in backend.demo_samples if s.status == wanted).case_number
            if birth is None and case is not None:
                sample = samples.get(case.strip().upper())
                if sample is None:
                    raise ScreenshotError(f"{case} is not a demo sample: pass its birth date")
                birth = sample.birth_date
        printer = None
        if screen in FORM_SCREENS:  # the receipt as a file in the throwaway state directory
            from kiosk_app.qt.printing.backends import PdfFilePrinter

            printer = PdfFilePrinter(config.state_dir / "papers")
        ui = build_kiosk(
            config, backend, app, clock=time.monotonic, with_sound=False, printer=printer
        )
        try:
            ui.window.resize(config.width, config.height)
            ui.window.show()
            _show(ui, "result" if booking or screen in FORM_SCREENS else screen, lang, case, birth)
            if screen in FORM_SCREENS:
                _settle(app, 50)
                _show_form(ui, app, screen, lang, out)
            if booking:
                _settle(app, 50)
                _show_booking(ui, app, screen)
            high_contrast, large_text = modes
            if ui.accessibility is not None:
                if high_contrast:
                    ui.accessibility.toggleHighContrast()
                if large_text:
                    ui.accessibility.toggleLargeText()
            _settle(app)
            image = app.primaryScreen().grabWindow(ui.window.winId())
            out.parent.mkdir(parents=True, exist_ok=True)
            if image.isNull() or not image.save(str(out), "PNG"):
                raise ScreenshotError(f"could not grab or save the screen to {out}")
        finally:
            ui.close()
    finally:
        backend.close()
