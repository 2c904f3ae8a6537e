"""The booking view model on its own (no QML): over a desk that books in memory, it walks the
steps, writes off the GUI thread, ignores double taps, maps refusals to a message with the next
option, and forgets everything when the session ends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from kiosk_app.core.appointments import (
    Appointment,
    BookingConfirmation,
    BookingUnconfirmed,
    DayFree,
    MoveUnconfirmed,
    TimeChoice,
)
from kiosk_app.core.booking import BookingNotFound, Slot, SlotTaken, slots_for_day
from kiosk_app.core.catalog import CatalogHolder, seed_catalog
from kiosk_app.core.demo_cases import generate
from kiosk_app.core.flow import KioskFlow, Screen
from kiosk_app.core.i18n import _, activate
from kiosk_app.core.leases import NoFreeSlotOffline
from kiosk_app.core.messages import user_message
from kiosk_app.core.print_errors import PrinterOutOfPaper, PrintFailed, print_failure_message
from kiosk_app.core.printout import PrintoutText
from kiosk_app.core.status_lookup import StatusAnswer
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.qt.printing.jobs import PrintJobs
from kiosk_app.qt.viewmodels.booking_vm import BookingViewModel
from kiosk_app.qt.viewmodels.result_vm import ResultViewModel

TODAY = date(2026, 11, 27)  # a Friday
KEY = bytes(range(32))


@dataclass
class MemoryDesk:
    """Books in memory with the core's calendar; ``gate`` holds writes until it is set."""

    online: bool = True
    taken: set[str] = field(default_factory=set)
    booked: dict[str, Appointment] = field(default_factory=dict)
    refuse_next: Exception | None = None
    gate: threading.Event | None = None
    calls: list[tuple[str, str]] = field(default_factory=list)
    threads: list[threading.Thread] = field(default_factory=list)
    full_days: set[date] = field(default_factory=set)

    def days(self, service: str) -> list[DayFree]:
        days = [TODAY + timedelta(days=n) for n in range(1, 29)]
        return [DayFree(day, len(self.times(service, day))) for day in days]

    def times(self, service: str, day: date) -> list[TimeChoice]:
        if day in self.full_days:
            return []
        return [
            TimeChoice(slot.slot_id, slot.start)
            for slot in slots_for_day(service, day)
            if slot.slot_id not in self.taken
        ]

    def appointments(self, lookup_key: bytes) -> list[Appointment]:
        assert lookup_key == KEY
        return list(self.booked.values())

    def _write(self, call: str, what: str) -> None:
        self.calls.append((call, what))
        self.threads.append(threading.current_thread())
        if self.gate is not None:
            self.gate.wait(5)
        if self.refuse_next is not None:
            error, self.refuse_next = self.refuse_next, None
            raise error

    def book(self, lookup_key: bytes, slot_id: str) -> BookingConfirmation:
        self._write("book", slot_id)
        if slot_id in self.taken:
            raise SlotTaken(slot_id)
        slot = Slot.parse(slot_id)
        appointment = Appointment(f"b{len(self.calls)}", slot.service, slot.start, not self.online)
        self.taken.add(slot_id)
        self.booked[appointment.booking_id] = appointment
        return BookingConfirmation(appointment, offline=not self.online)

    def move(self, lookup_key: bytes, booking_id: str, slot_id: str) -> BookingConfirmation:
        self._write("move", slot_id)
        current = self.booked.get(booking_id)
        if current is None:
            raise BookingNotFound(booking_id)
        moved = Appointment(booking_id, current.service, Slot.parse(slot_id).start)
        self.booked[booking_id] = moved
        return BookingConfirmation(moved, offline=not self.online)

    def cancel(self, lookup_key: bytes, booking_id: str) -> None:
        self._write("cancel", booking_id)
        if self.booked.pop(booking_id, None) is None:
            raise BookingNotFound(booking_id)


class CapturingPrinter:
    def __init__(self) -> None:
        self.printed: list[PrintoutText] = []
        self.failure: PrintFailed | None = None

    def print_checklist(self, text: PrintoutText) -> None:
        if self.failure is not None:
            raise self.failure
        self.printed.append(text)


@dataclass
class Booking:
    vm: BookingViewModel
    flow: KioskFlow
    desk: MemoryDesk
    result: ResultViewModel
    printer: CapturingPrinter
    answer: StatusAnswer


@pytest.fixture
def booking(qtbot: QtBot) -> Iterator[Booking]:
    activate("en")
    case = next(generate(1, 3, TODAY))
    record = replace(case.record, permit_type="blue_card_18g", appointments=())
    answer = StatusAnswer(case.case_number, record, TODAY, KEY)
    desk = MemoryDesk()
    flow = KioskFlow("de")
    result = ResultViewModel(desk.appointments)
    printer = CapturingPrinter()
    vm = BookingViewModel(
        desk,
        flow,
        CatalogHolder(),
        PrintJobs(printer, 5),
        office_name="Ausländerbehörde Darmstadt",
        on_appointments_changed=result.refresh_appointments,
        now=lambda: datetime(2026, 11, 27, 10, 0),
    )
    flow.on_session_end(vm.reset)
    flow.on_session_end(result.reset)
    flow.choose_language("en")
    result.show(answer)
    vm.remember_case(answer)
    flow.show_result()
    yield Booking(vm, flow, desk, result, printer, answer)
    if desk.gate is not None:
        desk.gate.set()


def first_free_day(vm: BookingViewModel) -> str:
    return next(str(cell["iso"]) for cell in vm.calendar if cell["enabled"])


def walk_to_confirm(b: Booking, service: str = "biometrics", time_index: int = 0) -> str:
    b.vm.startBooking()
    b.vm.chooseService(service)
    b.vm.chooseDay(first_free_day(b.vm))
    slot_id = b.vm.times[time_index]["slotId"]
    b.vm.chooseTime(slot_id)
    assert b.flow.screen is Screen.BOOK_CONFIRM
    return slot_id


def test_the_calendar_covers_whole_weeks_and_days_without_times_cannot_be_chosen(
    booking: Booking,
) -> None:
    booking.vm.startBooking()
    booking.vm.chooseService("card_pickup")
    cells = booking.vm.calendar
    assert len(cells) % 7 == 0
    assert date.fromisoformat(str(cells[0]["iso"])).weekday() == 0  # Monday first
    saturday = next(c for c in cells if c["iso"] == "2026-11-28")
    assert saturday["inWindow"] and not saturday["enabled"] and saturday["freeText"] == "0 free"
    monday = next(c for c in cells if c["iso"] == "2026-11-30")
    assert monday["enabled"] and monday["freeText"] == f"{monday['free']} free"
    assert str(monday["accessibleName"]).startswith("Monday, November\u00a030,\u00a02026:")
    assert not next(c for c in cells if c["iso"] == "2026-11-24")["inWindow"]  # before it
    assert booking.vm.weekdays[0] == "Mon" and booking.vm.calendarTitle == (
        "November\u00a02026 – December\u00a02026"
    )

    booking.vm.chooseDay("2026-11-28")  # a tap on a full day does nothing
    assert booking.flow.screen is Screen.BOOK_DAY


def test_booking_runs_off_the_gui_thread_ignores_double_taps_and_confirms(
    booking: Booking, qtbot: QtBot
) -> None:
    slot_id = walk_to_confirm(booking)
    assert booking.vm.serviceName == _("Fingerprints and photo for the card")
    assert booking.vm.dayText == "Monday, November\u00a030,\u00a02026"
    assert booking.vm.timeText == "8:00\u202fAM"
    # The case misses nothing, so all the service needs is under "always bring".
    assert booking.vm.bringMissing == []
    assert booking.vm.bringAlways == [_("Passport"), _("Biometric photo")]

    booking.desk.gate = threading.Event()
    booking.vm.confirm()
    booking.vm.confirm()  # a second tap while the first runs
    booking.vm.back()  # and back: ignored until the answer is in
    assert booking.vm.busy and booking.vm.busyText == _("Booking your appointment…")
    assert booking.flow.screen is Screen.BOOK_CONFIRM
    booking.desk.gate.set()
    qtbot.waitUntil(lambda: booking.flow.screen is Screen.BOOKED, timeout=5000)

    assert booking.desk.calls == [("book", slot_id)]
    assert booking.desk.threads[0] is not threading.main_thread()
    assert (
        not booking.vm.busy and booking.vm.booked.hasConfirmation and not booking.vm.booked.offline
    )
    assert booking.vm.booked.date == "Monday, November\u00a030,\u00a02026"
    assert (
        booking.vm.booked.qrSource.endswith(booking.vm.booked.reference)
        and booking.vm.booked.reference
    )
    # Back on the result, the new appointment is listed.
    booking.vm.finish()
    assert booking.flow.screen is Screen.RESULT
    listed = booking.result.appointments
    assert [a["when"] for a in listed] == ["Monday, November\u00a030,\u00a02026 at 8:00\u202fAM"]
    assert listed[0]["serviceName"] == _("Fingerprints and photo for the card")


def test_once_booked_the_status_screen_says_to_come_not_to_book(
    booking: Booking, qtbot: QtBot
) -> None:
    record = replace(booking.answer.record, status=CaseStatus.APPOINTMENT_REQUIRED)
    booking.result.show(replace(booking.answer, record=record))
    assert booking.result.nextStep == "Book an appointment at this kiosk or at the counter."
    walk_to_confirm(booking)
    booking.vm.confirm()
    qtbot.waitUntil(lambda: booking.flow.screen is Screen.BOOKED, timeout=5000)
    assert booking.result.nextStep == (
        "You have an appointment (below). Please come on time and bring the documents it lists."
    )


def test_an_offline_booking_says_it_is_final(booking: Booking, qtbot: QtBot) -> None:
    booking.desk.online = False
    walk_to_confirm(booking)
    assert not booking.vm.online
    booking.vm.confirm()
    qtbot.waitUntil(lambda: booking.flow.screen is Screen.BOOKED, timeout=5000)
    assert booking.vm.booked.offline
    booking.vm.finish()
    assert booking.result.appointments[0]["pending"] is True


@pytest.mark.parametrize(
    ("refusal", "next_option", "then"),
    [
        (NoFreeSlotOffline("biometrics"), "day", Screen.BOOK_DAY),
        (SlotTaken("x"), "time", Screen.BOOK_TIME),
        (BookingUnconfirmed(), "retry", Screen.BOOKED),
        (MoveUnconfirmed(), "status", Screen.RESULT),
        (BookingNotFound("x"), "status", Screen.RESULT),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_a_refusal_shows_the_mapped_message_and_the_next_option(
    booking: Booking, qtbot: QtBot, refusal: Exception, next_option: str, then: Screen
) -> None:
    walk_to_confirm(booking)
    booking.desk.refuse_next = refusal
    booking.vm.confirm()
    qtbot.waitUntil(lambda: booking.vm.errorText != "", timeout=5000)
    assert isinstance(refusal, Exception)
    assert booking.vm.errorText == user_message(refusal)  # type: ignore[arg-type]
    assert booking.vm.nextOption == next_option
    assert booking.flow.screen is Screen.BOOK_CONFIRM and not booking.vm.busy

    booking.vm.chooseAgain()
    qtbot.waitUntil(lambda: booking.flow.screen is then, timeout=5000)
    assert booking.vm.errorText == ""
    if then is Screen.BOOK_DAY:
        assert booking.vm.calendar and booking.vm.serviceName  # the service is kept


def test_an_unexpected_failure_still_ends_in_a_message(booking: Booking, qtbot: QtBot) -> None:
    walk_to_confirm(booking)
    booking.desk.refuse_next = RuntimeError("a bug in the desk")
    booking.vm.confirm()
    qtbot.waitUntil(lambda: booking.vm.errorText != "", timeout=5000)
    assert booking.vm.errorText == _("Something went wrong. Please ask at the counter.")
    assert booking.vm.nextOption == "status"


def test_a_booked_service_cannot_be_booked_twice(booking: Booking, qtbot: QtBot) -> None:
    walk_to_confirm(booking)
    booking.vm.confirm()
    qtbot.waitUntil(lambda: booking.flow.screen is Screen.BOOKED, timeout=5000)
    booking.vm.finish()
    booking.vm.startBooking()
    services = {s["code"]: s for s in booking.vm.services}
    assert services["biometrics"]["booked"] and services["biometrics"]["note"]
    assert not services["card_pickup"]["booked"]


def test_move_keeps_the_service_and_cancel_asks_first(booking: Booking, qtbot: QtBot) -> None:
    walk_to_confirm(booking)
    booking.vm.confirm()
    qtbot.waitUntil(lambda: booking.flow.screen is Screen.BOOKED, timeout=5000)
    booking.vm.finish()
    booking_id = str(booking.result.appointments[0]["bookingId"])

    booking.vm.startMove(booking_id)
    assert booking.flow.screen is Screen.BOOK_DAY and booking.vm.mode == "move"
    assert booking.vm.subjectText.startswith(_("Fingerprints and photo for the card"))
    booking.vm.chooseDay("2026-12-01")
    new_slot = booking.vm.times[2]["slotId"]
    booking.vm.chooseTime(new_slot)
    booking.vm.confirm()
    qtbot.waitUntil(lambda: booking.flow.screen is Screen.BOOKED, timeout=5000)
    assert booking.desk.calls[-1] == ("move", new_slot)
    assert booking.vm.booked.date == "Tuesday, December\u00a01,\u00a02026"
    booking.vm.finish()
    assert booking.result.appointments[0]["when"].startswith("Tuesday, December\u00a01,\u00a02026")

    booking.vm.startCancel(booking_id)
    assert booking.flow.screen is Screen.CANCEL_CONFIRM and booking.desk.calls[-1][0] == "move"
    booking.vm.back()  # "No, keep it"
    assert booking.flow.screen is Screen.RESULT and booking.result.appointments
    booking.vm.startCancel(booking_id)
    booking.vm.confirmCancel()
    booking.vm.confirmCancel()
    qtbot.waitUntil(lambda: booking.flow.screen is Screen.RESULT, timeout=5000)
    assert [c for c in booking.desk.calls if c[0] == "cancel"] == [("cancel", booking_id)]
    assert booking.result.appointments == []
    assert booking.vm.notice.startswith("Your appointment on Tuesday, December\u00a01,\u00a02026")


def test_start_over_during_a_write_forgets_everything_and_drops_the_answer(
    booking: Booking, qtbot: QtBot
) -> None:
    walk_to_confirm(booking)
    booking.desk.gate = threading.Event()
    booking.vm.confirm()
    assert booking.vm.busy
    booking.flow.home()  # "Start over", or the idle timeout
    assert booking.flow.screen is Screen.WELCOME
    assert not booking.vm.busy and not booking.vm.canBook and booking.vm.calendar == []
    booking.desk.gate.set()
    qtbot.waitUntil(lambda: len(booking.desk.booked) == 1, timeout=5000)
    qtbot.wait(50)  # the answer arrives and goes nowhere
    assert booking.flow.screen is Screen.WELCOME and not booking.vm.booked.hasConfirmation
    assert booking.vm.errorText == "" and booking.vm.notice == ""
    assert booking.result.appointments == []


def test_print_puts_the_appointment_on_paper_and_a_failure_offers_a_photo(
    booking: Booking, qtbot: QtBot
) -> None:
    booking.desk.online = False
    walk_to_confirm(booking)
    booking.vm.confirm()
    qtbot.waitUntil(lambda: booking.flow.screen is Screen.BOOKED, timeout=5000)
    booking.vm.booked.print()
    qtbot.waitUntil(lambda: not booking.vm.booked.printing, timeout=5000)
    assert booking.vm.booked.printMessage == _(
        "Your appointment is printed. Please take it from the printer."
    )
    text = booking.printer.printed[0]
    assert text.reference == booking.vm.booked.reference
    assert text.appointment is not None and "November 30, 2026" in text.appointment.resident
    assert "30. November 2026" in text.appointment.german
    assert any("Fingerprints" in fact.resident for fact in text.facts)
    assert [item.name.resident for item in text.items] == ["Passport", "Biometric photo"]
    assert any("offline" in step.resident for step in text.next_steps)
    assert text.masked_case_number == booking.answer.case_number.masked()

    booking.printer.failure = PrinterOutOfPaper()
    booking.vm.booked.print()
    qtbot.waitUntil(lambda: booking.vm.booked.printFailed, timeout=5000)
    assert booking.vm.booked.photoMode
    assert booking.vm.booked.printMessage == print_failure_message(PrinterOutOfPaper())


def test_catalog_names_follow_the_language(booking: Booking) -> None:
    booking.vm.startBooking()
    english = {s["code"]: s["name"] for s in booking.vm.services}
    activate("de")
    german = {s["code"]: s["name"] for s in booking.vm.services}
    activate("en")
    assert english["card_pickup"] == seed_catalog().services["card_pickup"]
    assert german["card_pickup"] != english["card_pickup"]
