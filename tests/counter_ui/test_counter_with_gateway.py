"""The counter's screens in real QML (offscreen), driven by keyboard as a clerk would, over a
real CounterDesk on a real SQLCipher cache enrolled at a real gateway on loopback (SQLite and
PostgreSQL): what the clerk does is what the gateway and its audit log hold."""

from __future__ import annotations

from counter_harness import (
    CLERK,
    PASSWORD,
    add_booking,
    booking_at_gateway,
    commands_at_gateway,
    gateway_rows,
    received_at_gateway,
    start_today,
)
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from real_counter import RealCounter
from sqlalchemy import select
from staff_harness import audit
from test_counter_screens import click, item, keys, press, sign_in, wait_until

from kiosk_app.core.demo_cases import DemoCase
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.counter_qt.app import CounterUi
from sync.gateway.tables import cases as case_table


def with_missing(cases: list[DemoCase], at_least: int = 2) -> list[DemoCase]:
    return [c for c in cases if len(c.record.missing_documents) >= at_least]


def missing_at_gateway(counter: RealCounter, number: str) -> list[str]:
    query = select(case_table.c.missing_documents).where(case_table.c.case_number == number)
    return list(gateway_rows(counter.gateway, query)[0].missing_documents)


def book_today(counter: RealCounter, cases: list[DemoCase]) -> list[str]:
    """Appointments today at 09:00, 10:00, … for ``cases`` (as kiosks booked them)."""
    return [
        add_booking(
            counter.gateway, case.case_number.canonical, start_today(counter.settings.time, 9 + i)
        )
        for i, case in enumerate(cases)
    ]


def signed_in(counter: RealCounter) -> None:
    sign_in(counter.ui, CLERK, PASSWORD)
    wait_until(lambda: counter.ui.session.screen == "desk", 5000)


def open_by_keyboard(counter: RealCounter, text: str) -> None:
    ui = counter.ui
    press(ui, Qt.Key.Key_F2)
    wait_until(lambda: item(ui, "case_field").hasActiveFocus())
    keys(ui, text, delay_ms=20)
    press(ui, Qt.Key.Key_Return)
    wait_until(lambda: ui.case.loaded and not ui.case.busy, 5000)


def tick(ui: CounterUi, code: str) -> None:
    """Click a missing document's box where it is drawn: the layout settles first."""
    QTest.qWait(50)
    click(ui, f"missing_{code}")
    assert set(ui.case.tickedCodes) >= {code}


def test_a_clerk_signs_in_ticks_off_checks_in_and_signs_out(real_counter: RealCounter) -> None:
    counter, ui = real_counter, real_counter.ui
    chosen = with_missing(counter.cases)[:3]
    booking_ids = book_today(counter, chosen)

    # A wrong password first: refused by the gateway, said in German.
    sign_in(ui, CLERK, "not the password at all")
    wait_until(lambda: ui.sign_in.message, 5000)
    assert ui.sign_in.message == "Benutzername oder Passwort ist falsch."
    assert str(item(ui, "sign_in_message").property("text")) == ui.sign_in.message
    assert ui.session.screen == "sign_in"
    # The password field is empty again and keeps the focus: the clerk types it once more.
    assert str(item(ui, "username").property("text")) == CLERK
    assert str(item(ui, "password").property("text")) == ""
    wait_until(lambda: item(ui, "password").hasActiveFocus())
    keys(ui, PASSWORD)
    press(ui, Qt.Key.Key_Return)
    wait_until(lambda: ui.session.screen == "desk", 5000)
    assert CLERK in str(item(ui, "clerk_name").property("text"))

    # Today's list: the day's appointments, from the gateway through the counter's cache.
    wait_until(lambda: ui.today.count == 3, 5000)
    assert [row["time"] for row in ui.today.rows] == ["09:00", "10:00", "11:00"]
    assert all("••••" in str(row["masked"]) for row in ui.today.rows)

    # Open a case by typing its number; tick off two of its documents; "received".
    case = chosen[0]
    number = case.case_number.canonical
    open_by_keyboard(counter, number)
    assert ui.case.caseNumber == number and ui.case.source
    missing = [str(d["code"]) for d in ui.case.missing]
    assert missing == list(case.record.missing_documents)
    two = missing[:2]
    for code in two:
        tick(ui, code)
    assert ui.case.tickedCount == 2
    click(ui, "mark_received")
    wait_until(lambda: not ui.case.busy and len(ui.case.missing) == len(missing) - 2, 5000)
    assert [str(d["code"]) for d in ui.case.missing] == missing[2:]

    # At the gateway: no longer missing, received under this clerk, and both in the audit log.
    assert received_at_gateway(counter.gateway, number) == sorted(two)
    assert not set(two) & set(missing_at_gateway(counter, number))
    entries = [
        (e.username, e.action, e.outcome) for e in audit(counter.gateway, case_number=number)
    ]
    by_clerk = [a for user, a, outcome in entries if user == CLERK and outcome == "allowed"]
    assert [a for a in by_clerk if a != "read_today"] == ["read_case", "mark_documents"], entries

    # Check in the appointment of the case shown.
    click(ui, f"check_in_{booking_ids[0]}")
    wait_until(lambda: booking_at_gateway(counter.gateway, booking_ids[0]).checked_in_at, 5000)
    wait_until(lambda: ui.today.rows[0]["state"] == "Anwesend", 5000)
    wait_until(lambda: counter.desk.pending_count() == 0)
    device = counter.cache.enrollment()
    assert device is not None
    kinds = [  # the clerk's actions (anonymous usage reports may follow: issue 18)
        (kind, outcome)
        for _seq, kind, outcome in commands_at_gateway(counter.gateway, device.device_id)
        if kind != "report_usage"
    ]
    assert kinds == [("staff_mark_documents", "applied"), ("staff_check_in", "applied")]

    # Sign out (Ctrl+Q): every view is empty, the fields too, and the session ended.
    press(ui, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: ui.session.screen == "sign_in")
    assert not ui.case.loaded and ui.today.count == 0 and ui.conflicts.count == 0
    assert ui.sign_in.username == "" and ui.sign_in.message == ""
    assert str(item(ui, "username").property("text")) == ""
    assert str(item(ui, "password").property("text")) == ""
    wait_until(lambda: counter.desk.session is None)
    assert ui.qml_errors == []


def test_offline_tick_off_is_queued_then_applied_once_and_a_status_race_is_a_conflict(
    real_counter: RealCounter,
) -> None:
    counter, ui = real_counter, real_counter.ui
    case = with_missing(counter.cases)[0]
    other = next(c for c in counter.cases if c.record.status is CaseStatus.IN_REVIEW)
    number, other_number = case.case_number.canonical, other.case_number.canonical
    signed_in(counter)
    open_by_keyboard(counter, other_number)  # both now in the counter's cache
    seen_status = ui.case.status
    open_by_keyboard(counter, number)
    first = str(ui.case.missing[0]["code"])
    status_line = item(ui, "counter_status")
    wait_until(lambda: str(status_line.property("text")).startswith("Online"), 5000)

    # The gateway goes away: the status line says so plainly.
    counter.gateway.stop()
    counter.sync.wake()
    wait_until(lambda: not ui.status.online and ui.status.known, 10_000)
    offline_text = str(status_line.property("text"))
    assert offline_text.startswith("Offline") and "nicht erreichbar" in offline_text, offline_text

    # A cached case still opens; a tick-off is queued and shown as waiting.
    open_by_keyboard(counter, other_number)
    assert ui.case.caseNumber == other_number and ui.case.source != ""
    assert counter.desk.open(other_number).source == "cache"
    open_by_keyboard(counter, number)
    tick(ui, first)
    click(ui, "mark_received")
    wait_until(lambda: ui.case.pending and first not in [d["code"] for d in ui.case.missing], 5000)
    wait_until(lambda: ui.status.pending >= 1, 5000)
    assert "wart" in str(status_line.property("text")), status_line.property("text")
    assert received_at_gateway(counter.gateway, number) == []

    # Meanwhile the other case's status changes at the office, and the clerk, offline,
    # moves it on from what they saw.
    changed_to = CaseStatus.AWAITING_OTHER_AUTHORITY.value
    counter.gateway.start()
    counter.gateway.set_status(other_number, changed_to)
    counter.gateway.stop()
    open_by_keyboard(counter, other_number)
    wanted = CaseStatus.CARD_IN_PRODUCTION.value
    ui.case.chooseStatus(wanted)
    click(ui, "apply_status")
    wait_until(lambda: ui.case.status == wanted and ui.case.pending, 5000)

    # Back online: applied exactly once, the race shown as a conflict, nothing overwritten.
    counter.gateway.start()
    counter.sync.wake()
    wait_until(lambda: ui.status.online and ui.status.pending == 0, 15_000)
    wait_until(lambda: ui.status.conflicts == 1, 5000)
    counter.sync.run_once()  # a further round sends nothing again
    assert received_at_gateway(counter.gateway, number) == [first]
    device = counter.cache.enrollment()
    assert device is not None
    sent = commands_at_gateway(counter.gateway, device.device_id)
    assert [k for _s, k, _o in sent].count("staff_mark_documents") == 1
    assert ("staff_set_status", "rejected") in {(k, o) for _s, k, o in sent}
    rows = gateway_rows(
        counter.gateway,
        select(case_table.c.status).where(case_table.c.case_number == other_number),
    )
    assert rows[0].status == changed_to

    press(ui, Qt.Key.Key_F4)
    wait_until(lambda: ui.conflicts.count == 1, 5000)
    item(ui, "conflicts_panel")
    row = ui.conflicts.rows[0]
    assert seen_status == "in_review"
    assert (row["old"], row["wanted"], row["current"]) == (
        "In Bearbeitung",
        "Karte in Produktion",
        "Wartet auf andere Behörde",
    )
    assert item(ui, f"apply_again_{row['conflictId']}").isVisible()
