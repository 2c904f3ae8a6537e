"""CounterDesk's forms calls against a real gateway on loopback (SQLite and PostgreSQL), clocks
fixed: a question a kiosk submitted is listed, read in German and its state set (who and when
noted at the gateway); without the gateway every call says ``offline`` and nothing is queued."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from counter_harness import CLERK, PASSWORD, add_clerk, enrolled_desk
from fixed_time import MovableClock
from gateway_harness import RunningGateway

from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.reference import new_reference
from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import CounterError

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def gateway_clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def counter_clock() -> MovableClock:
    return MovableClock(NOW)


def _question(gateway: RunningGateway) -> str:
    receipt = new_reference()
    payload = {
        "kind": "submit_form",
        "receipt": receipt,
        "form_id": "question",
        "form_version": 1,
        "language": "uk",
        "answers": [
            {"field": "topic", "value": "fees"},
            {"field": "question_text", "value": "Скільки коштує продовження?", "language": "uk"},
            {"field": "reply_by", "value": "at_visit"},
        ],
        "submitted_at": NOW.isoformat(),
    }
    kiosk = gateway.enroll("Kiosk Foyer")
    body = {"seq": 1, "created_at": NOW.isoformat(), "payload": payload}
    assert kiosk.push([body]).status_code == 200
    return receipt


def test_the_desk_lists_reads_and_sets_a_form_state(
    gateway: RunningGateway, counter_cache: CounterCache, office_time: OfficeTime
) -> None:
    receipt = _question(gateway)
    add_clerk(gateway)
    desk = enrolled_desk(gateway, counter_cache, office_time)
    try:
        desk.sign_in(CLERK, PASSWORD)
        (listed,) = desk.forms().forms
        assert (listed.receipt, listed.case_number, listed.foreign_text) == (receipt, None, True)
        form = desk.form(receipt)
        question = form.sections[0].answers[1]
        assert (question.text, question.note) == (
            "Скільки коштує продовження?",
            "fremdsprachig, ggf. Übersetzung nötig (Sprache: Ukrainisch)",
        )
        done = desk.set_form_status(receipt, "done")
        assert (done.status, done.status_changed_by, done.status_changed_at) == ("done", CLERK, NOW)
        with pytest.raises(CounterError) as unknown:
            desk.form(new_reference())
        assert unknown.value.code == "unknown_form"
    finally:
        desk.close()


def test_without_the_gateway_every_forms_call_says_offline(
    gateway: RunningGateway, counter_cache: CounterCache, office_time: OfficeTime
) -> None:
    receipt = _question(gateway)
    add_clerk(gateway)
    desk = enrolled_desk(gateway, counter_cache, office_time)
    try:
        desk.sign_in(CLERK, PASSWORD)
        gateway.stop()
        calls = [
            desk.forms,
            lambda: desk.form(receipt),
            lambda: desk.set_form_status(receipt, "done"),
        ]
        for call in calls:
            with pytest.raises(CounterError) as offline:
                call()
            assert offline.value.code == "offline"
        assert not desk.online and desk.status().pending == 0  # nothing queued for later
    finally:
        gateway.start()
        desk.close()
