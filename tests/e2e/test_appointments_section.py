"""The result lists a case's appointments once (issue 12, item 6): the back-office's next
appointment and the kiosk's own bookings in one section, in the resident's language without
seconds, and right after a cancellation here the cancelled time is gone from the list.

Real QML over a real SQLCipher demo cache; the case's synced state is written into the cache as
the sync engine writes it (the gateway sends a case's first booking as its next appointment)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import pytest
from babel import Locale
from babel.dates import format_date, format_time
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot
from qt_fixtures import find_item, sample_with
from test_booking_flow import SERVICE, grant_leases, lease_days, tap_in_view, wait_for_screen

from kiosk_app.backend import KioskBackend
from kiosk_app.core.appointments import Appointment
from kiosk_app.core.booking import Slot, slots_for_day
from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.i18n import _
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.qt.app import KioskUi
from kiosk_app.qt.qml_items import content_item
from kiosk_app.store.cases import CaseCache

# The appointment, booked for another service at the office and synced to this kiosk.
SYNCED_AT = datetime(2026, 12, 8, 9, 10)
SYNCED_SERVICE = "hand_in_documents"
SECONDS = re.compile(r"\d:\d\d:\d\d")


def as_synced(
    backend: KioskBackend, next_appointment: datetime, bookings: tuple[Appointment, ...]
) -> None:
    """Give the demo case that is asked to book this synced state, as the engine writes it."""
    sample = sample_with(backend, "appointment_required")
    pepper = backend.meta.pepper
    assert pepper is not None
    birth = datetime.strptime(sample.birth_date, "%d.%m.%Y").date()
    key = derive_lookup_key(pepper, CaseNumber.parse(sample.case_number), birth)
    cache = CaseCache(backend.cache.connection)
    record = cache.get(key)
    assert record is not None
    cache.put_many(
        [(key, replace(record, next_appointment=next_appointment, appointments=bookings))]
    )


def look_up_in(kiosk: KioskUi, backend: KioskBackend, lang: str) -> None:
    sample = sample_with(backend, "appointment_required")
    kiosk.flow_vm.chooseLanguage(lang)
    vm = kiosk.lookup_vm
    for char in sample.case_number.removeprefix("DA") + sample.birth_date:
        if char.isdigit():
            vm.typeDigit(char)
    vm.submit()
    assert kiosk.flow_vm.screen == "result", vm.errorText


def visible_texts(kiosk: KioskUi, under: QQuickItem | None = None) -> list[tuple[str, str]]:
    """(objectName, text) of every visible text item, on the whole window or under one item."""
    found, pending = [], [under or content_item(kiosk.window)]
    while pending:
        item = pending.pop()
        if not item.isVisible() or item.opacity() == 0:
            continue
        text = item.property("text") if item.inherits("QQuickText") else None
        if text and str(text).strip():
            found.append((item.objectName(), str(text)))
        pending.extend(reversed(item.childItems()))  # in the order they are laid out
    return found


def plain(text: str) -> str:
    """Spaces of any kind (no-break ones included) as one plain space."""
    return " ".join(text.split())


def when_in(lang: str, start: datetime) -> str:
    """An appointment as Babel writes it in ``lang``: full date, short time (no seconds)."""
    locale = Locale.parse(lang)
    return plain(
        _("{date} at {time}").format(
            date=format_date(start, "full", locale=locale),
            time=format_time(start, "short", locale=locale),
        )
    )


def cards(kiosk: KioskUi) -> list[str]:
    """The appointment cards on the result, by the text saying when."""
    return [
        plain(text)
        for name, text in visible_texts(kiosk)
        if name in ("appointment_when", "office_appointment_when")
    ]


def card_when(kiosk: KioskUi, card: str) -> str:
    """When the appointment on the card called ``card`` is."""
    return next(
        plain(text)
        for name, text in visible_texts(kiosk, find_item(kiosk, card))
        if name == "appointment_when"
    )


def hidden(kiosk: KioskUi, name: str) -> bool:
    item = kiosk.item(name)
    return item is None or not item.isVisible()


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_one_section_for_synced_and_local_appointments_and_a_cancel_shows_at_once(
    kiosk: KioskUi, backend: KioskBackend, qtbot: QtBot, lang: str
) -> None:
    grant_leases(backend)
    synced = Appointment("5" * 32, SYNCED_SERVICE, SYNCED_AT)  # an id as the gateway sends
    as_synced(backend, SYNCED_AT, (synced,))
    look_up_in(kiosk, backend, lang)
    tap_in_view(kiosk, "book_appointment")  # and a booking at this kiosk, for another service
    tap_in_view(kiosk, f"service_{SERVICE}")
    tap_in_view(kiosk, f"day_{next(c['iso'] for c in kiosk.booking_vm.calendar if c['enabled'])}")
    tap_in_view(kiosk, "time_0")
    tap_in_view(kiosk, "confirm_booking")
    wait_for_screen(kiosk, qtbot, "booked")
    tap_in_view(kiosk, "booking_finish")
    assert kiosk.flow_vm.screen == "result"
    find_item(kiosk, "appointment_1")

    shown = visible_texts(kiosk)
    headings = [text for _name, text in shown if text == _("Your appointments")]
    assert len(headings) == 1, "one appointments section"
    assert not [text for _name, text in shown if text == _("Your next appointment")]
    assert not [text for _name, text in shown if SECONDS.search(text)], "a time with seconds"
    listed = cards(kiosk)
    listed_synced = when_in(lang, SYNCED_AT)
    assert len(listed) == 2 and listed_synced in listed, listed
    assert hidden(kiosk, "office_appointment")  # the office's next appointment is the booking

    # Cancel the synced one here: it leaves the list at once, before any sync.
    index = next(
        i for i in range(len(listed)) if card_when(kiosk, f"appointment_{i}") == listed_synced
    )
    tap_in_view(kiosk, f"cancel_{index}")
    tap_in_view(kiosk, "confirm_cancel")
    wait_for_screen(kiosk, qtbot, "result")
    find_item(kiosk, "booking_notice")
    old_day = plain(format_date(SYNCED_AT, "long", locale=Locale.parse(lang)))
    still = [
        (name, text)
        for name, text in visible_texts(kiosk)
        if old_day in plain(text) and name != "booking_notice"
    ]
    assert not still, f"the cancelled appointment is still shown: {still}"
    assert len(cards(kiosk)) == 1 and hidden(kiosk, "office_appointment")
    assert hidden(kiosk, "no_appointments")  # the local booking is still there
    assert kiosk.qml_errors == []


def test_the_office_appointment_and_a_booking_at_its_time_are_one_entry(
    kiosk: KioskUi, backend: KioskBackend, qtbot: QtBot
) -> None:
    grant_leases(backend)
    day = lease_days(1)[0]
    slot = slots_for_day(SERVICE, day)[0]
    as_synced(backend, slot.start, ())  # set by the office, not booked at a kiosk
    look_up_in(kiosk, backend, "de")

    # Shown in the one section, with what to do to change it, and nothing to tap for it.
    assert cards(kiosk) == [when_in("de", slot.start)]
    note = find_item(kiosk, "office_appointment_note")
    assert note.property("text") == _(
        "Arranged by the office. To change it, please ask at the counter."
    )
    assert hidden(kiosk, "move_0") and hidden(kiosk, "cancel_0")
    assert hidden(kiosk, "no_appointments")  # "no appointment" beside one would contradict it

    # Booked here at the office's time: the same visit, listed once, now movable.
    booking = kiosk.booking_vm
    tap_in_view(kiosk, "book_appointment")
    tap_in_view(kiosk, f"service_{SERVICE}")
    booking.chooseDay(day.isoformat())
    booking.chooseTime(
        next(str(t["slotId"]) for t in booking.times if Slot.parse(t["slotId"]).start == slot.start)
    )
    tap_in_view(kiosk, "confirm_booking")
    wait_for_screen(kiosk, qtbot, "booked")
    tap_in_view(kiosk, "booking_finish")
    assert cards(kiosk) == [when_in("de", slot.start)]
    assert hidden(kiosk, "office_appointment") and find_item(kiosk, "move_0").isVisible()
    assert kiosk.qml_errors == []
