"""The sign-in screen: user name and password, and the change-password step a first sign-in
with a one-time password needs. Passwords pass through slot arguments and are never kept as
properties."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.i18n import _
from kiosk_app.counter_qt.desk_port import Desk
from kiosk_app.counter_qt.words import MESSAGES, error_message
from kiosk_app.qt.desk_writes import DeskWrites
from sync.staff_protocol import StaffSession

MIN_PASSWORD = 12


class SignInViewModel(QObject):
    changed = Signal()

    def __init__(
        self,
        desk: Desk,
        calls: DeskWrites,
        on_signed_in: Callable[[StaffSession], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._calls = calls
        self._on_signed_in = on_signed_in
        self._username = ""
        self._message = ""
        self._message_code = ""
        self._step = "sign_in"  # or "change_password"
        self._busy = False
        self._one_time = ""  # the password just refused as one-time, until it is changed

    @Slot(str, str)
    def signIn(self, username: str, password: str) -> None:
        if self._busy:
            return
        self._username = username.strip().lower()
        self._run(lambda: self._desk.sign_in(self._username, password), self._signed_in, password)

    def _signed_in(self, session: object, failure: BaseException | None, password: str) -> None:
        if failure is None:
            self._one_time = ""
            self._step = "sign_in"
            self._set_message("")
            assert isinstance(session, StaffSession)
            self._on_signed_in(session)
            return
        if getattr(failure, "code", "") == "password_change_required":
            self._one_time = password
            self._step = "change_password"
        self._set_message(failure)

    @Slot(str, str)
    def changePassword(self, new: str, repeat: str) -> None:
        """The new password twice; then signs in with it."""
        if self._busy:
            return
        if len(new) < MIN_PASSWORD:
            self._set_message("password_too_short")
            return
        if new != repeat:
            self._set_message("passwords_differ")
            return
        old, username = self._one_time, self._username

        def change_then_sign_in() -> StaffSession:
            self._desk.change_password(username, old, new)
            return self._desk.sign_in(username, new)

        self._run(change_then_sign_in, self._signed_in, new)

    @Slot()
    def cancelChange(self) -> None:
        self.clear()

    def _run(
        self,
        work: Callable[[], object],
        done: Callable[[object, BaseException | None, str], None],
        password: str,
    ) -> None:
        self._busy = True
        self.changed.emit()

        def finished(result: object, failure: BaseException | None) -> None:
            self._busy = False
            done(result, failure, password)
            self.changed.emit()

        self._calls.run(work, finished)

    def _set_message(self, what: BaseException | str) -> None:
        if isinstance(what, BaseException):
            self._message_code = str(getattr(what, "code", ""))
            self._message = error_message(what)
        else:
            self._message_code = what
            self._message = _(MESSAGES[what]) if what else ""
        self.changed.emit()

    def clear(self) -> None:
        """Sign-out or lock: nothing of the last person stays on the screen."""
        self._username = ""
        self._one_time = ""
        self._step = "sign_in"
        self._message = ""
        self._message_code = ""
        self._busy = False
        self.changed.emit()

    def retranslate(self) -> None:
        if self._message_code and self._message_code in MESSAGES:
            self._message = _(MESSAGES[self._message_code])
        self.changed.emit()

    def _get_username(self) -> str:
        return self._username

    def _get_message(self) -> str:
        return self._message

    def _get_message_code(self) -> str:
        return self._message_code

    def _get_step(self) -> str:
        return self._step

    def _get_busy(self) -> bool:
        return self._busy

    username = Property(str, _get_username, notify=changed)
    message = Property(str, _get_message, notify=changed)
    messageCode = Property(str, _get_message_code, notify=changed)
    step = Property(str, _get_step, notify=changed)
    busy = Property(bool, _get_busy, notify=changed)
