"""Online booking at the gateway (``POST /v1/bookings``), free slots, the feed carrying bookings,
and the staff's day list: on SQLite and PostgreSQL, against the real gateway on loopback."""

from __future__ import annotations

import argparse
import csv
import io
import logging
import threading
import uuid
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fixed_time import fixed_today

from kiosk_app.core.booking import BookingWindow, Slot
from sync.client import parse_page
from sync.gateway.cli import _serve_settings, add_gateway_commands
from sync.protocol import MAX_FREE_SLOTS, BookingInfo, BookingOutcome, FreeSlots

SERVICE = "biometrics"


def new_id() -> str:
    return uuid.uuid4().hex


def free_slots(device: Any) -> FreeSlots:
    response = device.client.get("/v1/slots")
    assert response.status_code == 200, response.text
    return FreeSlots.model_validate_json(response.content)


def free_of(device: Any, service: str = SERVICE) -> list[str]:
    return [slot for slot in free_slots(device).slots if slot.startswith(service + "@")]


def booking(
    device: Any, action: str, booking_id: str, key: str, slot_id: str | None = None
) -> BookingOutcome:
    body: dict[str, Any] = {"action": action, "booking_id": booking_id, "lookup_key": key}
    if slot_id is not None:
        body["slot_id"] = slot_id
    response = device.client.post("/v1/bookings", json=body)
    assert response.status_code == 200, response.text
    return BookingOutcome.model_validate_json(response.content)


def key_of(device: Any, case: Any) -> str:
    return str(device.lookup_key(case.case_number.canonical, case.birth_date))


def office_today() -> date:
    return fixed_today()


def test_free_slots_cover_the_window_and_booking_takes_one(gateway, device, demo_cases) -> None:
    free = free_slots(device)
    assert free.first_day == office_today() + timedelta(days=1)
    assert free.last_day == office_today() + timedelta(days=28)
    days = {Slot.parse(slot).start.date() for slot in free.slots}
    assert min(days) >= free.first_day and max(days) <= free.last_day
    assert all(day.weekday() < 5 for day in days)  # the demo office is closed at weekends
    assert len(set(free.slots)) == len(free.slots)

    slot = free_of(device)[0]
    booking_id = new_id()
    outcome = booking(device, "book", booking_id, key_of(device, demo_cases[0]), slot)
    assert outcome.outcome == "booked"
    assert outcome.booking == BookingInfo(
        booking_id=booking_id, service=SERVICE, start=Slot.parse(slot).start
    )
    assert slot not in free_slots(device).slots


def test_book_move_cancel_and_the_feed_carries_it(gateway, device, demo_cases) -> None:
    case = demo_cases[0]
    key = key_of(device, case)
    _, cursor, _ = device.pull_all()
    first, second = free_of(device)[:2]
    booking_id = new_id()

    assert booking(device, "book", booking_id, key, first).outcome == "booked"
    raw = device.client.get("/v1/changes", params={"cursor": cursor}).content
    page = parse_page(raw)  # the kiosk's own strict parsing
    assert [change.lookup_key for change in page.changes] == [key]
    state = page.changes[0].case
    assert state is not None
    start = Slot.parse(first).start
    assert state.bookings == [BookingInfo(booking_id=booking_id, service=SERVICE, start=start)]
    assert state.next_appointment == start
    cursor = page.next_cursor

    moved = booking(device, "move", booking_id, key, second)
    assert moved.outcome == "moved"
    assert moved.booking is not None and moved.booking.start == Slot.parse(second).start
    free = free_slots(device).slots
    assert first in free and second not in free
    page = parse_page(device.client.get("/v1/changes", params={"cursor": cursor}).content)
    assert page.changes[0].case is not None
    assert page.changes[0].case.bookings[0].start == Slot.parse(second).start
    cursor = page.next_cursor

    cancelled = booking(device, "cancel", booking_id, key)
    assert (cancelled.outcome, cancelled.booking) == ("cancelled", None)
    assert second in free_slots(device).slots
    page = parse_page(device.client.get("/v1/changes", params={"cursor": cursor}).content)
    state = page.changes[0].case
    assert state is not None and state.bookings == []
    # Without a booking, the imported appointment (if any) is the next one again.
    assert state.next_appointment == case.record.next_appointment


def test_repeats_answer_the_same_and_a_cancel_first_wins(gateway, device, demo_cases) -> None:
    key = key_of(device, demo_cases[1])
    slot, other = free_of(device)[:2]
    booking_id = new_id()
    first = booking(device, "book", booking_id, key, slot)
    assert booking(device, "book", booking_id, key, slot) == first  # lost answer, retried
    _, cursor, _ = device.pull_all()
    assert booking(device, "book", booking_id, key, slot) == first
    assert device.changes(cursor).changes == []  # a repeat changes nothing

    moved = booking(device, "move", booking_id, key, other)
    assert booking(device, "move", booking_id, key, other) == moved
    assert booking(device, "cancel", booking_id, key).outcome == "cancelled"
    assert booking(device, "cancel", booking_id, key).outcome == "cancelled"
    late = booking(device, "book", booking_id, key, slot)  # a delayed retry of the first book
    assert (late.outcome, late.reason) == ("refused", "not_found")
    assert booking(device, "move", booking_id, key, slot).reason == "not_found"

    # The kiosk did not learn whether its book arrived, so it cancelled; the book comes later.
    unseen = new_id()
    assert booking(device, "cancel", unseen, key).outcome == "cancelled"
    late = booking(device, "book", unseen, key, slot)
    assert (late.outcome, late.reason) == ("refused", "not_found")
    assert slot in free_slots(device).slots


def test_one_active_booking_per_case_and_service(gateway, device, demo_cases) -> None:
    key = key_of(device, demo_cases[2])
    first, second = free_of(device)[:2]
    held = new_id()
    assert booking(device, "book", held, key, first).outcome == "booked"
    again = booking(device, "book", new_id(), key, second)
    assert (again.outcome, again.reason, again.existing_booking_id) == (
        "refused",
        "already_booked",
        held,
    )
    other_service = free_of(device, "card_pickup")[0]
    assert booking(device, "book", new_id(), key, other_service).outcome == "booked"
    # Another case cannot take the slot, and cannot touch this case's booking.
    stranger = key_of(device, demo_cases[3])
    assert booking(device, "book", new_id(), stranger, first).reason == "slot_taken"
    assert booking(device, "cancel", held, stranger).reason == "not_found"
    assert booking(device, "move", held, stranger, second).reason == "not_found"
    # After a cancellation the case may book the service again.
    assert booking(device, "cancel", held, key).outcome == "cancelled"
    assert booking(device, "book", new_id(), key, second).outcome == "booked"


def test_window_calendar_and_unknown_cases_are_refused(gateway, device, demo_cases) -> None:
    key = key_of(device, demo_cases[4])
    today = office_today()

    def slot_on(day: date, at: str = "08:00", counter: int = 1) -> str:
        return f"{SERVICE}@{day.isoformat()}T{at}#{counter}"

    far = next(
        today + timedelta(days=n)
        for n in range(29, 60)
        if (today + timedelta(days=n)).weekday() < 5
    )
    first = Slot.parse(free_of(device)[0]).start.date()
    for slot in (
        slot_on(today),  # too soon: the window starts tomorrow
        slot_on(today - timedelta(days=1)),
        slot_on(far),  # beyond 28 days
        slot_on(first, "07:00"),  # before opening
        slot_on(first, "08:10"),  # not on the 20-minute grid
        slot_on(first, "08:00", 3),  # only two desks
        f"card_pickup@{first.isoformat()}T08:05#1",
    ):
        outcome = booking(device, "book", new_id(), key, slot)
        assert (outcome.outcome, outcome.reason) == ("refused", "outside_window"), slot
    saturday = next(
        first + timedelta(days=n) for n in range(7) if (first + timedelta(days=n)).weekday() == 5
    )
    assert booking(device, "book", new_id(), key, slot_on(saturday)).reason == "outside_window"

    assert booking(device, "book", new_id(), "0" * 64, free_of(device)[0]).reason == (
        "unknown_lookup_key"
    )
    missing = device.client.post(
        "/v1/bookings", json={"action": "book", "booking_id": new_id(), "lookup_key": key}
    )
    assert missing.status_code == 422
    bad = device.client.post(
        "/v1/bookings",
        json={"action": "book", "booking_id": "x", "lookup_key": key, "slot_id": slot_on(first)},
    )
    assert bad.status_code == 422 and key not in bad.text
    assert httpx.post(f"{gateway.url}/v1/bookings", json={}).status_code == 401
    assert httpx.get(f"{gateway.url}/v1/slots").status_code == 401


def test_a_move_stays_within_its_service_and_needs_a_free_slot(gateway, device, demo_cases) -> None:
    key, other_key = key_of(device, demo_cases[5]), key_of(device, demo_cases[6])
    mine, theirs = free_of(device)[:2]
    booking_id = new_id()
    assert booking(device, "book", booking_id, key, mine).outcome == "booked"
    assert booking(device, "book", new_id(), other_key, theirs).outcome == "booked"
    assert booking(device, "move", booking_id, key, theirs).reason == "slot_taken"
    assert booking(device, "move", booking_id, key, free_of(device, "card_pickup")[0]).reason == (
        "not_found"
    )
    assert booking(device, "move", new_id(), key, free_of(device)[0]).reason == "not_found"


def _many_cases(gateway: Any, count: int) -> list[Any]:
    return gateway.import_demo(count=count, seed=99)


def test_100_parallel_attempts_on_one_slot_exactly_one_wins(gateway) -> None:
    cases = _many_cases(gateway, 100)
    devices = [gateway.enroll(f"kiosk-{n}") for n in range(10)]
    slot = free_of(devices[0])[0]
    barrier = threading.Barrier(100)
    outcomes: list[BookingOutcome] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        device = devices[n % len(devices)]
        body = {
            "action": "book",
            "booking_id": new_id(),
            "lookup_key": key_of(device, cases[n]),
            "slot_id": slot,
        }
        # One connection per attempt, so the 100 requests really are in flight together.
        with httpx.Client(base_url=gateway.url, headers=device.client.headers, timeout=60) as http:
            barrier.wait()
            response = http.post("/v1/bookings", json=body)
        assert response.status_code == 200, response.text
        with lock:
            outcomes.append(BookingOutcome.model_validate_json(response.content))

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 100
    tally = Counter((outcome.outcome, outcome.reason) for outcome in outcomes)
    assert tally == {("booked", None): 1, ("refused", "slot_taken"): 99}
    day = Slot.parse(slot).start.date()
    listed = gateway.admin.get("/admin/v1/bookings", params={"day": day.isoformat()}).json()
    assert [row["slot_id"] for row in listed] == [slot]


def test_one_case_racing_for_two_slots_of_a_service_gets_one(gateway, demo_cases) -> None:
    devices = [gateway.enroll(f"kiosk-{n}") for n in range(4)]
    key = key_of(devices[0], demo_cases[7])
    slots = free_of(devices[0])[:20]
    barrier = threading.Barrier(len(slots))
    outcomes: list[BookingOutcome] = []

    def attempt(n: int) -> None:
        device = devices[n % len(devices)]
        with httpx.Client(base_url=gateway.url, headers=device.client.headers, timeout=60) as http:
            body = {
                "action": "book",
                "booking_id": new_id(),
                "lookup_key": key,
                "slot_id": slots[n],
            }
            barrier.wait()
            outcomes.append(
                BookingOutcome.model_validate_json(http.post("/v1/bookings", json=body).content)
            )

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(len(slots))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally = Counter((outcome.outcome, outcome.reason) for outcome in outcomes)
    assert tally == {("booked", None): 1, ("refused", "already_booked"): len(slots) - 1}


def test_staff_see_the_day_as_json_and_csv(gateway, device, demo_cases) -> None:
    slots = free_of(device)
    day = Slot.parse(slots[0]).start.date()
    on_day = [slot for slot in slots if Slot.parse(slot).start.date() == day]
    later, earlier = on_day[5], on_day[0]
    booking(device, "book", new_id(), key_of(device, demo_cases[8]), later)
    booking(device, "book", new_id(), key_of(device, demo_cases[9]), earlier)
    pickup = next(s for s in free_of(device, "card_pickup") if Slot.parse(s).start.date() == day)
    booking(device, "book", new_id(), key_of(device, demo_cases[10]), pickup)
    cancelled = new_id()
    booking(device, "book", cancelled, key_of(device, demo_cases[11]), on_day[7])
    booking(device, "cancel", cancelled, key_of(device, demo_cases[11]))

    rows = gateway.admin.get("/admin/v1/bookings", params={"day": day.isoformat()}).json()
    assert len(rows) == 3
    starts = [row["start"] for row in rows]
    assert starts == sorted(starts)
    by_slot = {row["slot_id"]: row for row in rows}
    assert by_slot[earlier]["case_number"] == demo_cases[9].case_number.canonical
    assert by_slot[earlier]["source"] == "online"
    assert by_slot[earlier]["device_id"] == device.enrollment.device_id
    assert by_slot[pickup]["service"] == "card_pickup"
    start = Slot.parse(earlier).start
    assert by_slot[earlier]["end"] == (start + timedelta(minutes=20)).isoformat()

    for response in (
        gateway.admin.get("/admin/v1/bookings", params={"day": day.isoformat(), "format": "csv"}),
        gateway.admin.get("/admin/v1/bookings.csv", params={"day": day.isoformat()}),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        text = response.content.decode("utf-8-sig")
        table = list(csv.DictReader(io.StringIO(text), delimiter=";"))
        assert [row["case_number"] for row in table] == [row["case_number"] for row in rows]
        first = next(row for row in table if row["case_number"] == by_slot[earlier]["case_number"])
        assert (first["date"], first["time"], first["service"]) == (
            day.isoformat(),
            f"{start:%H:%M}",
            SERVICE,
        )
    empty = gateway.admin.get("/admin/v1/bookings", params={"day": "2020-01-01"})
    assert empty.json() == []
    assert httpx.get(f"{gateway.url}/admin/v1/bookings").status_code == 401
    assert device.client.get("/admin/v1/bookings").status_code == 401


def test_the_cli_prints_the_day(gateway, device, demo_cases, capsys) -> None:
    slot = free_of(device)[0]
    booking(device, "book", new_id(), key_of(device, demo_cases[12]), slot)
    day = Slot.parse(slot).start.date().isoformat()
    parser = argparse.ArgumentParser(prog="kiosk-app")
    add_gateway_commands(parser.add_subparsers(dest="command", required=True))
    db = gateway.settings.db_url
    args = parser.parse_args(["gateway", "bookings", "--db", db, "--day", day])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert demo_cases[12].case_number.canonical in out
    # German, with the catalog's name, not the internal code (staff read it).
    assert "Fingerabdrücke und Foto für die Karte" in out and SERVICE not in out
    assert "Termin(e)" in out and "am Kiosk, sofort bestätigt" in out
    args = parser.parse_args(["gateway", "bookings", "--db", db, "--day", day, "--csv"])
    assert args.func(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("date;time;end;service")
    assert len(lines) == 2


@pytest.mark.parametrize("action", ["book", "move"])
def test_a_slot_id_is_required_for_book_and_move(gateway, device, action) -> None:
    response = device.client.post(
        "/v1/bookings", json={"action": action, "booking_id": new_id(), "lookup_key": "a" * 64}
    )
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"


def test_desks_come_from_the_services_table_and_big_calendars_are_cut_at_a_day(
    gateway, device, demo_cases
) -> None:
    services = {row["code"]: row for row in gateway.admin.get("/admin/v1/services").json()}
    one_desk = {key: value for key, value in services[SERVICE].items() if key != "code"}
    one_desk["counters"] = 1
    assert gateway.admin.put(f"/admin/v1/services/{SERVICE}", json=one_desk).status_code == 200
    slots = free_of(device)
    assert {Slot.parse(slot).counter for slot in slots} == {1}
    second_desk = slots[0].replace("#1", "#2")
    assert booking(
        device, "book", new_id(), key_of(device, demo_cases[13]), second_desk
    ).reason == ("outside_window")

    for code, row in services.items():
        body = {key: value for key, value in row.items() if key != "code"}
        body["counters"] = 50
        assert gateway.admin.put(f"/admin/v1/services/{code}", json=body).status_code == 200
    free = free_slots(device)
    assert 0 < len(free.slots) <= MAX_FREE_SLOTS
    assert free.last_day < office_today() + timedelta(days=28)
    days = Counter(Slot.parse(slot).start.date() for slot in free.slots)
    assert max(days) <= free.last_day
    assert len(set(days.values())) == 1  # whole days (the seed's weekdays all have equal hours)


def test_a_booking_is_judged_by_the_calendars_as_they_are_now(gateway, device, demo_cases) -> None:
    """On PostgreSQL a gateway process keeps the calendars it read (booking_pg): a change of
    the services table must still count at once, for a slot it opens and one it closes."""
    first = free_of(device)[0]
    outcome = booking(device, "book", new_id(), key_of(device, demo_cases[15]), first)
    assert outcome.outcome == "booked"  # the calendars are read now
    services = {row["code"]: row for row in gateway.admin.get("/admin/v1/services").json()}
    row = {key: value for key, value in services[SERVICE].items() if key != "code"}
    assert row["counters"] == 2

    row["counters"] = 3
    assert gateway.admin.put(f"/admin/v1/services/{SERVICE}", json=row).status_code == 200
    third_desk = next(slot for slot in free_of(device) if Slot.parse(slot).counter == 3)
    outcome = booking(device, "book", new_id(), key_of(device, demo_cases[16]), third_desk)
    assert outcome.outcome == "booked"

    row["counters"] = 1
    assert gateway.admin.put(f"/admin/v1/services/{SERVICE}", json=row).status_code == 200
    second_desk = third_desk.replace("#3", "#2")
    outcome = booking(device, "book", new_id(), key_of(device, demo_cases[17]), second_desk)
    assert outcome.reason == "outside_window"


def test_a_device_back_after_a_while_books_and_is_noted_as_seen(
    gateway, device, demo_cases, gateway_clock
) -> None:
    """A booking notes the device's contact (every 30 s at most) on its own connection: on
    SQLite a second writer beside it would wait for its write lock and end in an HTTP 500."""
    first, second = free_of(device)[:2]
    assert booking(device, "book", new_id(), key_of(device, demo_cases[18]), first).outcome == (
        "booked"
    )
    gateway_clock.advance(timedelta(minutes=5))
    outcome = booking(device, "book", new_id(), key_of(device, demo_cases[19]), second)
    assert outcome.outcome == "booked"
    listed = gateway.admin.get("/admin/v1/devices").json()
    seen = {row["device_id"]: row["last_seen"] for row in listed}
    assert datetime.fromisoformat(seen[device.enrollment.device_id]) == gateway_clock()


def test_booking_logs_hold_no_personal_data(gateway, device, demo_cases, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    case = demo_cases[14]
    key = key_of(device, case)
    booking_id = new_id()
    slot, other = free_of(device)[:2]
    booking(device, "book", booking_id, key, slot)
    booking(device, "move", booking_id, key, other)
    booking(device, "book", new_id(), key, slot)  # refused: already booked
    device.client.post("/v1/leases", json={"keep": []})
    day = Slot.parse(other).start.date().isoformat()
    gateway.admin.get("/admin/v1/bookings", params={"day": day})
    gateway.admin.get("/admin/v1/bookings.csv", params={"day": day})
    server_side = ("sync", "uvicorn", "sqlalchemy", "alembic", "fastapi", "starlette")
    logged = "\n".join(
        record.getMessage() for record in caplog.records if record.name.startswith(server_side)
    )
    assert "/v1/bookings" in logged
    for secret in (case.case_number.canonical, case.birth_date.isoformat(), key, booking_id):
        assert secret not in logged


def test_serve_takes_the_booking_settings() -> None:
    parser = argparse.ArgumentParser(prog="kiosk-app")
    add_gateway_commands(parser.add_subparsers(dest="command", required=True))
    argv = ["gateway", "serve", "--db", "sqlite:///x.db", "--booking-window", "2-14"]
    argv += ["--lease-ttl-hours", "2", "--lease-grace-hours", "12", "--leases-per-day", "2"]
    settings = _serve_settings(parser.parse_args(argv), None)
    assert settings.booking_window == BookingWindow(2, 14)
    assert settings.lease_ttl == timedelta(hours=2)
    assert settings.lease_grace == timedelta(hours=12)
    assert (settings.leases_per_service_day, settings.lease_days) == (2, 3)
    assert settings.office_timezone == "Europe/Berlin"
    defaults = _serve_settings(parser.parse_args(argv[:4]), None)
    assert defaults.booking_window == BookingWindow()
