"""What can go wrong at the counter, as types with a ``code`` the UI turns into a message.

The codes are the staff API's error codes (``sync.staff_protocol``) plus ``offline``,
``not_signed_in``, ``not_enrolled`` and the command refusals (``status_changed``, …).
"""

from __future__ import annotations


class CounterError(Exception):
    """Base: ``code`` names the problem; ``detail`` is optional and never personal data."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(code if detail is None else f"{code}: {detail}")
        self.code = code
        self.detail = detail


class SignInRefused(CounterError):
    """Sign-in or password change refused: ``wrong_credentials``, ``account_locked`` (detail:
    when the lock ends), ``password_change_required``, ``not_a_counter``, ``offline``, …"""


class NotSignedIn(CounterError):
    """An action needs a staff session and there is none (never signed in, signed out, or
    ``session_expired`` at the gateway: the UI shows the sign-in screen)."""


class CaseNotFound(CounterError):
    """No case behind this text: ``unknown_case``, ``unknown_reference``, ``not_a_reference``
    (the text is neither a reference nor a case number), or ``not_cached`` (offline and the
    cache does not hold it)."""


class ActionRejected(CounterError):
    """The gateway refused a pushed action (``code``: its reason, e.g. ``status_changed``).
    The action is no longer pending; ``conflict`` is what the clerk resolves
    (``CounterDesk.resolve``)."""

    def __init__(self, code: str, conflict_id: int, detail: str | None = None) -> None:
        super().__init__(code, detail)
        self.conflict_id = conflict_id


class NotEnrolled(CounterError):
    """The counter's cache holds no enrollment: run ``kiosk-app counter enroll URL CODE``."""
