"""What the booking screens say, at the real QML kiosk over the real demo cache and desk, in
German and in Arabic (right to left): why the day step offers so few times offline, what to
bring to the appointment and why, and where the confirmation went when the kiosk has no
printer (the demo writes a PDF), read back from that PDF."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fixed_time import fixed_today
from PySide6.QtCore import QPointF
from PySide6.QtQml import QQmlExpression, qmlContext
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from qt_fixtures import find_item, sample_with, screen_text
from test_booking_flow import (
    SERVICE,
    free_days,
    grant_leases,
    hidden,
    online,
    tap_in_view,
    wait_for_screen,
)
from test_lookup_flow import look_up

from kiosk_app.backend import KioskBackend
from kiosk_app.core import i18n
from kiosk_app.core.booking import BookingWindow, slots_for_day
from kiosk_app.core.catalog import seed_catalog
from kiosk_app.core.printout import STAFF_NOTE_APPOINTMENT, Translation
from kiosk_app.qt.app import KioskUi
from kiosk_app.store.leases import LeaseStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "printing"))
from readback import pdf_words, words_of

__all__ = ["online"]  # the gateway fixture, used below


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.activate("en")  # the language is process-wide: later tests read English


def open_case(kiosk: KioskUi, backend: KioskBackend, status: str, language: str) -> None:
    sample = sample_with(backend, status)
    tap_in_view(kiosk, f"lang_{language}")
    look_up(kiosk, sample.case_number, sample.birth_date)
    assert kiosk.flow_vm.screen == "result"


HAND_IN = "hand_in_documents"  # its list follows the permit: the "five documents"


def grant_hand_in_leases(backend: KioskBackend) -> None:
    """Lease this kiosk a few hand-in slots on the first office days, as the gateway would."""
    expires = backend.config.time.utc_now() + timedelta(hours=6)
    days = [d for d in BookingWindow().days(fixed_today()) if slots_for_day(HAND_IN, d)][:2]
    slot_ids = [slot.slot_id for day in days for slot in slots_for_day(HAND_IN, day)[:3]]
    LeaseStore(backend.cache.connection).apply_grant((slot_id, expires) for slot_id in slot_ids)


def to_day_step(kiosk: KioskUi, service: str = SERVICE) -> None:
    tap_in_view(kiosk, "book_appointment")
    tap_in_view(kiosk, f"service_{service}")
    assert kiosk.flow_vm.screen == "book_day"


def to_confirmation(kiosk: KioskUi, qtbot: QtBot) -> None:
    to_day_step(kiosk)
    tap_in_view(kiosk, f"day_{free_days(kiosk)[0]}")
    tap_in_view(kiosk, "time_0")
    assert kiosk.flow_vm.screen == "book_confirm"
    tap_in_view(kiosk, "confirm_booking")
    wait_for_screen(kiosk, qtbot, "booked")


def visible_named(kiosk: KioskUi, name: str) -> list[QQuickItem]:
    """Every visible item called ``name`` on the current screen, top to bottom."""
    found, pending = [], [kiosk.window.property("contentItem")]
    while pending:
        item = pending.pop()
        if not item.isVisible():
            continue
        if item.objectName() == name:
            found.append(item)
        pending.extend(item.childItems())
    return sorted(found, key=lambda item: item.mapToScene(QPointF(0, 0)).y())


def document_names(kiosk: KioskUi, group: str) -> list[str]:
    """The names in one group of the bring list, as the screen shows them."""
    rows = visible_named(kiosk, f"{group}_document")
    names = []
    for row in rows:
        (text,) = (
            child
            for child in row.findChildren(QQuickItem)
            if child.objectName() == "checklist_document"
        )
        names.append(str(text.property("text")))
    return names


def aligned_right(item: QQuickItem) -> bool:
    """Whether a text's lines start at the right edge (PySide6 cannot read the enum itself)."""
    context = qmlContext(item)
    assert context is not None
    expression = "effectiveHorizontalAlignment === Text.AlignRight"
    value, failed = QQmlExpression(context, item, expression).evaluate()
    assert not failed
    return bool(value)


def scroll_into_view(item: QQuickItem) -> None:
    """Scroll the screen until ``item`` is in view, as a resident's swipe would."""
    flick = item.parentItem()
    while flick is not None and flick.property("contentY") is None:
        flick = flick.parentItem()
    assert flick is not None
    top = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
    room = max(0.0, float(flick.property("contentHeight")) - flick.height())
    flick.setProperty("contentY", min(room, max(0.0, top - flick.height() / 3)))
    QTest.qWait(30)


def shown(kiosk: KioskUi, name: str) -> str:
    """The text of the visible item called ``name`` (both booking screens hold a bring list)."""
    (item,) = visible_named(kiosk, name)
    return str(item.property("text"))


def centre_x(item: QQuickItem) -> float:
    return item.mapToScene(QPointF(item.width() / 2, 0)).x()


# --- the day step offline -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "ar"])
def test_offline_the_day_step_says_why_so_few_times_are_free(
    kiosk: KioskUi, backend: KioskBackend, language: str
) -> None:
    grant_leases(backend, per_day=2, days=1)  # the demo kiosk has no gateway: offline
    open_case(kiosk, backend, "appointment_required", language)
    to_day_step(kiosk)

    note = find_item(kiosk, "offline_days_note")
    assert str(note.property("text")) == i18n._(
        "This kiosk has no connection to the office right now. It can book only the few times "
        "reserved for this kiosk. More times appear when the connection is back."
    )
    if language == "de":
        assert str(note.property("text")).startswith("Dieses Terminal hat gerade keine Verbindung")
    # Above the calendar, so it is read before the "0 free" cells.
    calendar = find_item(kiosk, "booking_calendar")
    assert note.mapToScene(QPointF(0, 0)).y() < calendar.mapToScene(QPointF(0, 0)).y()
    assert len(free_days(kiosk)) == 1
    # Right to left, the note starts at the right edge, as an Arabic reader looks for it.
    assert aligned_right(note) == (language == "ar")
    assert kiosk.qml_errors == []


def test_online_the_day_step_has_no_offline_note(online: object, qtbot: QtBot) -> None:
    from test_booking_flow import OnlineKiosk

    from kiosk_app.store.free_slots import FreeSlotStore

    assert isinstance(online, OnlineKiosk)
    ui, backend = online.ui, online.backend
    qtbot.waitUntil(
        lambda: ui.sync_vm.online and backend.desk.online and backend.cache.count() == 12,
        timeout=15_000,
    )
    qtbot.waitUntil(lambda: FreeSlotStore(backend.cache.connection).count() > 0, timeout=15_000)
    tap_in_view(ui, "lang_de")
    look_up(ui, online.case.case_number.canonical, online.case.birth_date.strftime("%d.%m.%Y"))
    to_day_step(ui)
    find_item(ui, "booking_calendar")
    assert hidden(ui, "offline_days_box")
    assert len(free_days(ui)) > 1


# --- what to bring, and why -----------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_bring_list_separates_what_is_missing_from_what_to_always_bring(
    kiosk: KioskUi, backend: KioskBackend, qtbot: QtBot, language: str
) -> None:
    grant_hand_in_leases(backend)
    open_case(kiosk, backend, "documents_missing", language)
    missing = list(kiosk.result_vm.missingDocuments)  # what the status screen lists
    answer = kiosk.checklist_vm._answer
    assert answer is not None
    catalog = seed_catalog()
    always = [
        i18n._(catalog.document_name(code))
        for code in catalog.documents_for(answer.record.permit_type, HAND_IN)
        if code not in answer.record.missing_documents
    ]

    # Step 4 and the confirmation show the same two groups.
    assert missing and always
    for screen in ("book_confirm", "booked"):
        if screen == "book_confirm":
            to_day_step(kiosk, HAND_IN)
            tap_in_view(kiosk, f"day_{free_days(kiosk)[0]}")
            tap_in_view(kiosk, "time_0")
        else:
            tap_in_view(kiosk, "confirm_booking")
            wait_for_screen(kiosk, qtbot, "booked")
        assert kiosk.flow_vm.screen == screen
        bring_list_reads(kiosk, missing, always, language)
    assert kiosk.qml_errors == []


def bring_list_reads(kiosk: KioskUi, missing: list[str], always: list[str], language: str) -> None:
    """The two groups, their headings and reasons, in this order and direction."""
    scroll_into_view(visible_named(kiosk, "bring_always")[0])
    assert document_names(kiosk, "bring_missing") == missing
    assert document_names(kiosk, "bring_always") == always
    assert not set(missing) & set(always)
    assert shown(kiosk, "bring_missing_heading") == i18n._("Still missing: please bring")
    assert shown(kiosk, "bring_missing_why") == i18n._(
        "Your status lists these documents as missing. We cannot go on with your application "
        "without them."
    )
    assert shown(kiosk, "bring_always_heading") == i18n._("Always bring to this appointment")
    assert shown(kiosk, "bring_always_why") == i18n._(
        "Staff need these at every appointment of this kind, even if we already have copies."
    )
    if language == "de":
        assert shown(kiosk, "bring_missing_heading") == "Fehlt noch – bitte mitbringen"
    # Missing first: it is what the status is waiting for.
    heading_y = [
        visible_named(kiosk, name)[0].mapToScene(QPointF(0, 0)).y()
        for name in ("bring_missing_heading", "bring_always_heading")
    ]
    assert heading_y[0] < heading_y[1]
    # Right to left, the tick box stands to the right of the name, where the line starts.
    row = visible_named(kiosk, "bring_missing_document")[0]
    box, text = row.childItems()[0], row.childItems()[1]
    if language == "ar":
        assert centre_x(box) > centre_x(text)
    else:
        assert centre_x(box) < centre_x(text)


def test_without_missing_documents_only_the_always_group_shows(
    kiosk: KioskUi, backend: KioskBackend, qtbot: QtBot
) -> None:
    grant_leases(backend)
    open_case(kiosk, backend, "appointment_required", "de")
    assert list(kiosk.result_vm.missingDocuments) == []
    to_confirmation(kiosk, qtbot)
    scroll_into_view(visible_named(kiosk, "bring_always")[0])
    assert visible_named(kiosk, "bring_missing") == []
    assert document_names(kiosk, "bring_always") == ["Reisepass", "Biometrisches Passfoto"]


# --- the confirmation paper without a printer -----------------------------------------------


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_confirmation_names_its_pdf_and_its_paper_talks_about_the_appointment(
    kiosk: KioskUi, backend: KioskBackend, qtbot: QtBot, language: str
) -> None:
    grant_leases(backend)
    open_case(kiosk, backend, "appointment_required", language)
    to_confirmation(kiosk, qtbot)
    booked = kiosk.booking_vm.booked

    tap_in_view(kiosk, "booking_print")
    qtbot.waitUntil(lambda: not booked.printing, timeout=10_000)
    pdf = backend.config.printout_dir / f"checklist-{booked.reference}.pdf"
    assert pdf.is_file()
    path = f"\u2066{pdf}\u2069" if language == "ar" else str(pdf)
    shown = screen_text(kiosk, "booking_print_message")
    assert shown == i18n._(
        "No printer is connected (demo): your appointment confirmation was saved as a PDF "
        "file: {path}"
    ).format(path=path)
    assert i18n._("Your appointment is printed. Please take it from the printer.") not in shown

    # The paper's code leads staff to the appointment, in both languages: no "checklist".
    words = pdf_words(pdf)
    german = Translation("de")
    assert words_of(german(STAFF_NOTE_APPOINTMENT)) <= words
    assert {"Termin", "öffnen"} <= words and "Checkliste" not in words
    if language == "ar":
        assert words_of(Translation("ar")(STAFF_NOTE_APPOINTMENT)) <= words
        assert "Appointment" not in words  # resident's language and German only

    # A photo instead: the screen no longer says anything about printing.
    tap_in_view(kiosk, "booking_show_for_photo")
    assert screen_text(kiosk, "booking_title") == i18n._("Take a photo of this screen")
    assert hidden(kiosk, "booking_print_message_box")
    assert find_item(kiosk, "booking_photo_hint").isVisible()
    assert kiosk.qml_errors == []
