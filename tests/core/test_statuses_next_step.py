"""The status screen's next step once the visit a status asks for is booked."""

from __future__ import annotations

from kiosk_app.core.statuses import (
    STATUS_TEXTS,
    STEP_COME_FOR_PICKUP,
    STEP_COME_TO_APPOINTMENT,
    CaseStatus,
    next_step,
)


def test_a_booked_visit_turns_book_into_come() -> None:
    required = CaseStatus.APPOINTMENT_REQUIRED
    assert next_step(required, set(), False) == STATUS_TEXTS[required].next_step
    assert next_step(required, {"biometrics"}, False) == STEP_COME_TO_APPOINTMENT
    assert next_step(required, set(), True) == STEP_COME_TO_APPOINTMENT  # set by the office


def test_only_a_pickup_booking_answers_ready_for_pickup() -> None:
    ready = CaseStatus.READY_FOR_PICKUP
    assert next_step(ready, {"consultation"}, True) == STATUS_TEXTS[ready].next_step
    assert next_step(ready, {"card_pickup"}, False) == STEP_COME_FOR_PICKUP


def test_other_statuses_keep_their_step_whatever_is_booked() -> None:
    for status in set(CaseStatus) - {CaseStatus.APPOINTMENT_REQUIRED, CaseStatus.READY_FOR_PICKUP}:
        assert next_step(status, {"card_pickup", "biometrics"}, True) == (
            STATUS_TEXTS[status].next_step
        )
