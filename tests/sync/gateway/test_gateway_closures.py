"""Closed days at the gateway: public holidays of the office's state and closure days staff enter.
No free slot, lease or booking on them; closing a day keeps its bookings and reports them; the
catalog carries closure days to kiosks. SQLite and PostgreSQL, real gateway on loopback, the
clock fixed to an instant chosen here (Christmas and Easter 2026)."""

from __future__ import annotations

import argparse
import logging
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from gateway_harness import demo_row

from kiosk_app.core.booking import Slot
from kiosk_app.core.demo_cases import DemoCase, generate
from sync.gateway.cli import add_gateway_commands
from sync.gateway.database import make_engine
from sync.gateway.demo import seed_demo
from sync.protocol import BookingOutcome, CatalogSnapshot, CommandsResponse, FreeSlots, LeaseGrant

# Wednesday 23 December 2026, 9:00 in Darmstadt: the window runs from Thursday 24 December; the
# next three office days are 24, 28 and 29 December (25 is Christmas Day, then a weekend).
NOW = datetime(2026, 12, 23, 8, 0, tzinfo=UTC)
CHRISTMAS_EVE, CHRISTMAS, MONDAY_AFTER = date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 28)
SERVICE = "biometrics"


class FixedClock:
    """The gateway's now: an instant this file chooses, moved only by the test."""

    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    def __call__(self) -> datetime:
        return self.instant

    def advance(self, delta: timedelta) -> None:
        self.instant += delta


@pytest.fixture
def gateway_clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def cases(gateway: Any) -> list[DemoCase]:
    found = list(generate(12, 11, NOW.date()))
    report = gateway.import_rows([demo_row(case) for case in found])
    assert not report["rejected"], report
    return found


def new_id() -> str:
    return uuid.uuid4().hex


def key_of(device: Any, case: DemoCase) -> str:
    return str(device.lookup_key(case.case_number.canonical, case.birth_date))


def free(device: Any) -> list[str]:
    response = device.client.get("/v1/slots")
    assert response.status_code == 200, response.text
    return FreeSlots.model_validate_json(response.content).slots


def on_day(slot_ids: list[str], day: date, service: str = SERVICE) -> list[str]:
    return [s for s in slot_ids if s.startswith(service + "@" + day.isoformat())]


def days_of(slot_ids: list[str]) -> set[date]:
    return {Slot.parse(slot_id).start.date() for slot_id in slot_ids}


def leases(device: Any, keep: list[str] | None = None) -> list[str]:
    response = device.client.post("/v1/leases", json={"keep": keep or []})
    assert response.status_code == 200, response.text
    return [lease.slot_id for lease in LeaseGrant.model_validate_json(response.content).leases]


def book(device: Any, key: str, slot_id: str, action: str = "book", booking_id: str = "") -> Any:
    body = {"action": action, "booking_id": booking_id or new_id(), "lookup_key": key}
    body["slot_id"] = slot_id
    response = device.client.post("/v1/bookings", json=body)
    assert response.status_code == 200, response.text
    return BookingOutcome.model_validate_json(response.content)


def slot_on(day: date, at: str = "08:00", service: str = SERVICE) -> str:
    return f"{service}@{day.isoformat()}T{at}#1"


def catalog(device: Any) -> tuple[CatalogSnapshot, dict[str, Any]]:
    response = device.client.get("/v1/catalog")
    assert response.status_code == 200, response.text
    return CatalogSnapshot.model_validate_json(response.content), response.json()


def test_no_free_slot_lease_or_booking_on_a_public_holiday(
    gateway, device, cases, gateway_clock
) -> None:
    offered = days_of(free(device))
    assert CHRISTMAS_EVE in offered and date(2026, 12, 31) in offered  # open unless closed
    assert CHRISTMAS not in offered and date(2027, 1, 1) not in offered
    assert {day for day in offered if day.weekday() < 5} == {
        day
        for day in (date(2026, 12, 24) + timedelta(days=n) for n in range(28))
        if day.weekday() < 5 and day not in (CHRISTMAS, date(2027, 1, 1))
    }
    # Leases go to the next three office days, skipping Christmas Day.
    assert days_of(leases(device)) == {CHRISTMAS_EVE, MONDAY_AFTER, date(2026, 12, 29)}

    key = key_of(device, cases[0])
    for holiday_slot in (slot_on(CHRISTMAS), slot_on(date(2027, 1, 1), "10:00")):
        outcome = book(device, key, holiday_slot)
        assert (outcome.outcome, outcome.reason) == ("refused", "office_closed"), holiday_slot
    assert book(device, key, slot_on(date(2026, 12, 26))).reason == "outside_window"  # Saturday
    assert book(device, key, slot_on(date(2026, 12, 30))).outcome == "booked"
    # A booking cannot be moved onto a holiday either.
    booked = book(device, key_of(device, cases[1]), slot_on(date(2026, 12, 30), "09:00"))
    assert booked.booking is not None
    moved = book(
        device, key_of(device, cases[1]), slot_on(CHRISTMAS), "move", booked.booking.booking_id
    )
    assert (moved.outcome, moved.reason) == ("refused", "office_closed")

    # Easter 2026: Good Friday and Easter Monday are closed, Maundy Thursday is open.
    gateway_clock.instant = datetime(2026, 3, 31, 8, 0, tzinfo=UTC)
    offered = days_of(free(device))
    assert date(2026, 4, 2) in offered and date(2026, 4, 7) in offered
    assert date(2026, 4, 3) not in offered and date(2026, 4, 6) not in offered
    gateway_clock.instant = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)  # Corpus Christi ahead
    offered = days_of(free(device))
    assert date(2026, 6, 3) in offered and date(2026, 6, 4) not in offered


def test_closing_a_day_keeps_and_reports_its_bookings(gateway, device, cases, caplog) -> None:
    caplog.set_level(logging.INFO)
    original, _ = catalog(device)
    assert original.closed_days == []
    held = [slot for slot in leases(device) if Slot.parse(slot).start.date() == MONDAY_AFTER]
    assert held
    case = cases[2]
    key = key_of(device, case)
    taken = on_day(free(device), MONDAY_AFTER)[0]
    booked = book(device, key, taken)
    assert booked.outcome == "booked" and booked.booking is not None

    response = gateway.admin.put(
        f"/admin/v1/closures/{MONDAY_AFTER.isoformat()}", json={"reason": "Betriebsausflug"}
    )
    assert response.status_code == 201, response.text
    added = response.json()
    assert (added["day"], added["reason"], added["created"]) == (
        MONDAY_AFTER.isoformat(),
        "Betriebsausflug",
        True,
    )
    assert added["public_holiday"] is None
    [affected] = added["affected_bookings"]
    start = Slot.parse(taken).start
    assert affected["booking_id"] == booked.booking.booking_id
    assert (affected["start"], affected["service"]) == (start.isoformat(), SERVICE)
    number = case.case_number.canonical
    assert affected["case_number"] != number
    assert affected["case_number"][-4:] == number[-4:] and "*" in affected["case_number"]

    # The booking stands and the staff's day list marks it.
    [row] = gateway.admin.get("/admin/v1/bookings", params={"day": MONDAY_AFTER}).json()
    assert (row["booking_id"], row["case_number"], row["closed"]) == (
        booked.booking.booking_id,
        number,
        "Betriebsausflug",
    )
    csv_text = gateway.admin.get("/admin/v1/bookings.csv", params={"day": MONDAY_AFTER}).text
    assert csv_text.splitlines()[1].endswith(";Betriebsausflug")
    # Nothing more on that day: no free slot, the leases withdrawn, no new booking.
    assert MONDAY_AFTER not in days_of(free(device))
    regranted = leases(device, held)
    assert MONDAY_AFTER not in days_of(regranted) and len(days_of(regranted)) == 3
    other = key_of(device, cases[3])
    assert book(device, other, slot_on(MONDAY_AFTER, "10:00")).reason == "office_closed"
    # An offline booking from a lease on the day closed since is not honoured.
    command = {
        "seq": 1,
        "created_at": NOW.isoformat(),
        "payload": {
            "kind": "book_slot",
            "booking_id": new_id(),
            "lookup_key": other,
            "slot_id": held[0],
        },
    }
    pushed = device.push([command])
    assert pushed.status_code == 200, pushed.text
    [result] = CommandsResponse.model_validate_json(pushed.content).results
    assert (result.outcome, result.reason) == ("rejected", "office_closed")
    # Staff (or the resident) move the booking away from the closed day.
    later = on_day(free(device), date(2026, 12, 29))[0]
    moved = book(device, key, later, "move", booked.booking.booking_id)
    assert moved.outcome == "moved"
    assert gateway.admin.get("/admin/v1/bookings", params={"day": MONDAY_AFTER}).json() == []

    # Kiosks learn the closure with the catalog.
    closed, body = catalog(device)
    assert closed.closed_days == [MONDAY_AFTER] and closed.version != original.version
    again = gateway.admin.put(f"/admin/v1/closures/{MONDAY_AFTER}", json={"reason": "Umzug"})
    assert again.status_code == 200 and again.json()["created"] is False
    listed = gateway.admin.get("/admin/v1/closures").json()
    assert listed == [{"day": "2026-12-28", "reason": "Umzug", "public_holiday": None}]

    assert gateway.admin.delete(f"/admin/v1/closures/{MONDAY_AFTER}").status_code == 204
    assert MONDAY_AFTER in days_of(free(device))
    reopened, body = catalog(device)
    assert "closed_days" not in body and reopened.version == original.version
    missing = gateway.admin.delete(f"/admin/v1/closures/{MONDAY_AFTER}")
    assert (missing.status_code, missing.json()["error"]) == (404, "unknown_closure")
    assert device.client.put(f"/admin/v1/closures/{MONDAY_AFTER}", json={}).status_code == 401

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "to reschedule" in logged and number not in logged


def test_a_closure_on_a_public_holiday_names_it(gateway, device) -> None:
    response = gateway.admin.put(f"/admin/v1/closures/{CHRISTMAS}", json={})
    assert response.status_code == 201
    assert response.json()["public_holiday"] == "Erster Weihnachtstag"
    assert response.json()["affected_bookings"] == []


def test_staff_close_a_day_from_the_command_line(gateway, device, cases, capsys) -> None:
    slot = on_day(free(device), CHRISTMAS_EVE)[0]
    case = cases[4]
    assert book(device, key_of(device, case), slot).outcome == "booked"
    parser = argparse.ArgumentParser(prog="kiosk-app")
    add_gateway_commands(parser.add_subparsers(dest="command", required=True))
    db = ["--db", gateway.settings.db_url]

    def run(*argv: str) -> tuple[int, str]:
        args = parser.parse_args(["gateway", *argv, *db])
        code = args.func(args)
        return code, capsys.readouterr().out

    code, out = run("closures", "add", "24.12.2026", "--reason", "Heiligabend")
    assert code == 0
    assert "Do 24.12.2026 (Heiligabend): geschlossen." in out
    assert "ACHTUNG: 1 Termin(e)" in out and "Fingerabdrücke und Foto für die Karte" in out
    number = case.case_number.canonical
    assert number not in out and number[-4:] in out  # masked
    assert CHRISTMAS_EVE not in days_of(free(device))

    code, out = run("bookings", "--day", "24.12.2026")
    assert code == 0 and "geschlossen (Heiligabend)" in out
    assert number in out and "[geschlossen]" in out
    code, out = run("bookings", "--day", "2026-12-24", "--csv")
    assert out.splitlines()[1].endswith(";Heiligabend")

    code, out = run("closures", "list", "--all")
    assert (code, out.strip()) == (0, "Do 24.12.2026  Heiligabend")
    code, out = run("closures", "remove", "2026-12-24")
    assert code == 0 and "entfernt" in out
    assert CHRISTMAS_EVE in days_of(free(device))
    code, _ = run("closures", "remove", "24.12.2026")
    assert code == 1
    with pytest.raises(SystemExit):
        parser.parse_args(["gateway", "closures", "add", "31.02.2026", *db])


def test_the_demo_office_closes_on_24_and_31_december(gateway, device) -> None:
    own = gateway.admin.put("/admin/v1/closures/2026-12-31", json={"reason": "Inventur"})
    assert own.status_code == 201
    engine = make_engine(gateway.settings.db_url)
    try:
        seed_demo(engine, 3, 1, NOW.date())
        seed_demo(engine, 3, 1, NOW.date())  # again: nothing twice
    finally:
        engine.dispose()
    listed = gateway.admin.get("/admin/v1/closures", params={"from": "2026-01-01"}).json()
    assert [(row["day"], row["reason"]) for row in listed] == [
        ("2026-12-24", "Heiligabend"),
        ("2026-12-31", "Inventur"),  # the office's own entry is kept
        ("2027-12-24", "Heiligabend"),
        ("2027-12-31", "Silvester"),
    ]
    offered = days_of(free(device))
    assert CHRISTMAS_EVE not in offered and date(2026, 12, 31) not in offered
    assert date(2026, 12, 30) in offered
