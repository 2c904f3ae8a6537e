"""The kiosk's screen flow as a small state machine, testable without QML (STYLE.md 3).

welcome --language--> lookup --found--> result --checklist--> checklist;
welcome --browse--> browse --service--> checklist (the generic list, without a case).
Back steps one screen, home (and the idle timeout) returns to welcome and ends the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Screen(StrEnum):
    WELCOME = "welcome"
    LOOKUP = "lookup"
    RESULT = "result"
    CHECKLIST = "checklist"
    BROWSE = "browse"


_BACK: dict[Screen, Screen] = {
    Screen.LOOKUP: Screen.WELCOME,
    Screen.RESULT: Screen.LOOKUP,
    Screen.BROWSE: Screen.WELCOME,
}


class KioskFlow:
    def __init__(self, default_language: str) -> None:
        self._default_language = default_language
        self.language = default_language
        self.screen = Screen.WELCOME
        self._checklist_from = Screen.RESULT
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

    def show_checklist(self) -> None:
        """The checklist for the case on the result screen, or for the browsed choice."""
        if self.screen not in (Screen.RESULT, Screen.BROWSE):
            raise RuntimeError(f"a checklist cannot follow {self.screen}")
        self._checklist_from = self.screen
        self._go(Screen.CHECKLIST)

    def back(self) -> None:
        target = self._checklist_from if self.screen is Screen.CHECKLIST else _BACK.get(self.screen)
        if target is Screen.WELCOME:
            self.home()
        elif target is not None:
            self._go(target)

    def home(self) -> None:
        """End the session: forget everything and greet the next resident in the default."""
        for listener in self._session_end_listeners:
            listener()
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
