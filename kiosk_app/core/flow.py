"""The kiosk's screen flow as a small state machine, testable without QML (STYLE.md 3).

welcome --language--> lookup --found--> result --checklist--> checklist;
welcome --browse--> browse --service--> checklist (the generic list, without a case).
welcome --walk-in--> walk_in (a ticket, anonymous) --book instead--> lookup.
result --walk-in--> walk_in (a ticket; urgent when the case's permit or Fiktion ends soon).
welcome|result --questions--> questions (topic list, search) --pick--> answer (issue 16);
questions --none of these--> the topic list, lookup (to book), walk_in (from welcome).
result --book--> book_service --> book_day --> book_time --> book_confirm --> booked --> result;
result --move--> book_day (same service) --> ... --> booked; result --cancel--> cancel_confirm.
result --request--> form (the case's forms); welcome --question--> form ("I have a question").
Back steps one screen, home (and the idle timeout) returns to welcome and ends the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Screen(StrEnum):
    WELCOME = "welcome"
    LOOKUP = "lookup"
    RESULT = "result"
    CHECKLIST = "checklist"
    BROWSE = "browse"
    BOOK_SERVICE = "book_service"
    BOOK_DAY = "book_day"
    BOOK_TIME = "book_time"
    BOOK_CONFIRM = "book_confirm"
    BOOKED = "booked"
    CANCEL_CONFIRM = "cancel_confirm"
    WALK_IN = "walk_in"
    FORM = "form"
    QUESTIONS = "questions"
    ANSWER = "answer"


class BookingMode(StrEnum):
    BOOK = "book"
    MOVE = "move"
    CANCEL = "cancel"


@dataclass
class BookingChoice:
    """What the resident chose so far in one booking, move or cancel (session memory only)."""

    mode: BookingMode
    service: str | None = None
    day: date | None = None
    slot_id: str | None = None
    booking_id: str | None = None  # the appointment being moved or cancelled


_BOOKING_SCREENS = frozenset(
    {
        Screen.BOOK_SERVICE,
        Screen.BOOK_DAY,
        Screen.BOOK_TIME,
        Screen.BOOK_CONFIRM,
        Screen.BOOKED,
        Screen.CANCEL_CONFIRM,
    }
)

_BACK: dict[Screen, Screen] = {
    Screen.LOOKUP: Screen.WELCOME,
    Screen.RESULT: Screen.LOOKUP,
    Screen.BROWSE: Screen.WELCOME,
    Screen.WALK_IN: Screen.WELCOME,
    Screen.BOOK_SERVICE: Screen.RESULT,
    Screen.BOOK_TIME: Screen.BOOK_DAY,
    Screen.BOOK_CONFIRM: Screen.BOOK_TIME,
    Screen.BOOKED: Screen.RESULT,
    Screen.CANCEL_CONFIRM: Screen.RESULT,
    Screen.ANSWER: Screen.QUESTIONS,
}


class KioskFlow:
    def __init__(self, default_language: str) -> None:
        self._default_language = default_language
        self.language = default_language
        self.screen = Screen.WELCOME
        self._checklist_from = Screen.RESULT
        self._form_from = Screen.RESULT
        self._questions_from = Screen.WELCOME
        self.booking: BookingChoice | None = None
        self._listeners: list[Callable[[Screen], None]] = []
        self._session_end_listeners: list[Callable[[], None]] = []

    def on_screen_changed(self, listener: Callable[[Screen], None]) -> None:
        self._listeners.append(listener)

    def on_session_end(self, listener: Callable[[], None]) -> None:
        """``listener`` clears what the resident entered or saw."""
        self._session_end_listeners.append(listener)

    def choose_language(self, code: str) -> None:
        self.language = code
        self._go(Screen.LOOKUP)

    def show_result(self) -> None:
        if self.screen is not Screen.LOOKUP:
            raise RuntimeError(f"a result cannot follow {self.screen}")
        self._go(Screen.RESULT)

    def set_language(self, code: str) -> None:
        """Switch language without moving (the browse screen offers its own language row)."""
        self.language = code

    def browse(self) -> None:
        """Without a case: what to bring, by permit type and service."""
        if self.screen is not Screen.WELCOME:
            raise RuntimeError(f"browsing starts on the welcome screen, not {self.screen}")
        self._go(Screen.BROWSE)

    def walk_in(self) -> None:
        """A walk-in ticket (issue 15): from the welcome screen without a case, from a case's
        result screen (then urgency can count; the ticket still names no case), or from the
        questions when no answer fitted."""
        if self.screen not in (Screen.WELCOME, Screen.RESULT, Screen.QUESTIONS):
            raise RuntimeError(f"a walk-in ticket cannot follow {self.screen}")
        self._go(Screen.WALK_IN)

    # --- questions (issue 16): approved answers, never a guess -----------------------------

    def questions(self) -> None:
        """The topic list and search, from the welcome screen or beside a case's result."""
        if self.screen not in (Screen.WELCOME, Screen.RESULT):
            raise RuntimeError(f"questions cannot start on {self.screen}")
        self._questions_from = self.screen
        self._go(Screen.QUESTIONS)

    @property
    def questions_from_result(self) -> bool:
        """The questions were opened beside a case (booking goes back to it)."""
        return self._questions_from is Screen.RESULT

    def show_answer(self) -> None:
        self._expect(Screen.QUESTIONS, "an answer")
        self._go(Screen.ANSWER)

    def book_from_questions(self) -> None:
        """No answer fitted: book an appointment, for the open case or after identifying."""
        if self.screen not in (Screen.QUESTIONS, Screen.ANSWER):
            raise RuntimeError(f"booking from the questions cannot start on {self.screen}")
        self._go(Screen.RESULT if self.questions_from_result else Screen.LOOKUP)

    def book_instead(self) -> None:
        """No ticket left today: identify with the case number to book the next appointment."""
        self._expect(Screen.WALK_IN, "booking instead of a ticket")
        self._go(Screen.LOOKUP)

    def start_form(self) -> None:
        """A request (issue 17): from a found case's result, or "I have a question" from the
        welcome screen or from the questions when no answer fits; back leaves it for where
        it started."""
        if self.screen not in (Screen.RESULT, Screen.WELCOME, Screen.QUESTIONS):
            raise RuntimeError(f"a form cannot start on {self.screen}")
        self._form_from = self.screen
        self._go(Screen.FORM)

    def show_checklist(self) -> None:
        """The checklist for the case on the result screen, or for the browsed choice."""
        if self.screen not in (Screen.RESULT, Screen.BROWSE):
            raise RuntimeError(f"a checklist cannot follow {self.screen}")
        self._checklist_from = self.screen
        self._go(Screen.CHECKLIST)

    # --- booking, bound to the case on the result screen ---------------------------------

    def start_booking(self) -> None:
        """A new appointment: the resident picks the service first."""
        self._expect(Screen.RESULT, "a booking")
        self.booking = BookingChoice(BookingMode.BOOK)
        self._go(Screen.BOOK_SERVICE)

    def start_move(self, booking_id: str, service: str) -> None:
        """Move an existing appointment: same service, so straight to the day."""
        self._expect(Screen.RESULT, "a move")
        self.booking = BookingChoice(BookingMode.MOVE, service=service, booking_id=booking_id)
        self._go(Screen.BOOK_DAY)

    def start_cancel(self, booking_id: str, service: str) -> None:
        """Cancelling asks once more before anything is written."""
        self._expect(Screen.RESULT, "a cancellation")
        self.booking = BookingChoice(BookingMode.CANCEL, service=service, booking_id=booking_id)
        self._go(Screen.CANCEL_CONFIRM)

    def choose_service(self, service: str) -> None:
        choice = self._expect_booking(Screen.BOOK_SERVICE, "a service choice")
        choice.service, choice.day, choice.slot_id = service, None, None
        self._go(Screen.BOOK_DAY)

    def choose_day(self, day: date) -> None:
        choice = self._expect_booking(Screen.BOOK_DAY, "a day choice")
        choice.day, choice.slot_id = day, None
        self._go(Screen.BOOK_TIME)

    def choose_time(self, slot_id: str) -> None:
        choice = self._expect_booking(Screen.BOOK_TIME, "a time choice")
        choice.slot_id = slot_id
        self._go(Screen.BOOK_CONFIRM)

    def choose_again(self, screen: Screen) -> None:
        """After a refused booking (time taken, no slot left offline): pick a day or a time
        again, keeping the service."""
        choice = self._expect_booking(Screen.BOOK_CONFIRM, "choosing again")
        if screen is Screen.BOOK_DAY:
            choice.day, choice.slot_id = None, None
        elif screen is Screen.BOOK_TIME:
            choice.slot_id = None
        else:
            raise RuntimeError(f"cannot choose again on {screen}")
        self._go(screen)

    def booked(self) -> None:
        """The desk confirmed the booking or the move."""
        self._expect_booking(Screen.BOOK_CONFIRM, "a confirmation")
        self._go(Screen.BOOKED)

    def back_to_result(self) -> None:
        """Leave the booking steps (done, cancelled, or refused for good) for the case's result."""
        if self.screen not in _BOOKING_SCREENS:
            raise RuntimeError(f"{self.screen} is not a booking screen")
        self.booking = None
        self._go(Screen.RESULT)

    def _expect(self, screen: Screen, what: str) -> None:
        if self.screen is not screen:
            raise RuntimeError(f"{what} cannot start on {self.screen}")

    def _expect_booking(self, screen: Screen, what: str) -> BookingChoice:
        if self.screen is not screen or self.booking is None:
            raise RuntimeError(f"{what} does not belong on {self.screen}")
        return self.booking

    def _back_target(self) -> Screen | None:
        if self.screen is Screen.CHECKLIST:
            return self._checklist_from
        if self.screen is Screen.FORM:
            return self._form_from
        if self.screen is Screen.QUESTIONS:
            return self._questions_from
        if self.screen is Screen.BOOK_DAY:
            moving = self.booking is not None and self.booking.mode is BookingMode.MOVE
            return Screen.RESULT if moving else Screen.BOOK_SERVICE
        return _BACK.get(self.screen)

    def back(self) -> None:
        target = self._back_target()
        if target is Screen.RESULT and self.screen in _BOOKING_SCREENS:
            self.booking = None
        if target is Screen.WELCOME:
            self.home()
        elif target is not None:
            self._go(target)

    def home(self) -> None:
        """End the session: forget everything and greet the next resident in the default."""
        for listener in self._session_end_listeners:
            listener()
        self.booking = None
        self.language = self._default_language
        self._go(Screen.WELCOME)

    def _go(self, screen: Screen) -> None:
        self.screen = screen
        for listener in self._listeners:
            listener(screen)


class IdlePhase(StrEnum):
    ACTIVE = "active"
    WARNING = "warning"
    EXPIRED = "expired"


@dataclass(frozen=True)
class IdlePolicy:
    """The session ends after ``timeout_s`` untouched; a warning shows ``warning_s`` before."""

    timeout_s: float = 90.0
    warning_s: float = 30.0

    def __post_init__(self) -> None:
        if self.warning_s < 20 or self.warning_s >= self.timeout_s:
            raise ValueError("the warning must come at least 20 s before the timeout")

    def phase(self, idle_s: float) -> IdlePhase:
        if idle_s >= self.timeout_s:
            return IdlePhase.EXPIRED
        if idle_s >= self.timeout_s - self.warning_s:
            return IdlePhase.WARNING
        return IdlePhase.ACTIVE

    def seconds_left(self, idle_s: float) -> int:
        return max(0, round(self.timeout_s - idle_s))
