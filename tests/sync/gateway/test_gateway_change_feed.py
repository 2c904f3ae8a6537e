"""The change feed: paging, deltas, tombstones, unknown cursors, pepper rotation."""

from __future__ import annotations

from datetime import date

from sync.protocol import MAX_PAGE, ErrorBody


def test_pages_cover_every_case_once_in_sequence_order(gateway, device, demo_cases) -> None:
    seen: list[int] = []
    cursor, pages = 0, 0
    while True:
        page = device.changes(cursor, limit=7)
        pages += 1
        assert page.cursor == cursor and len(page.changes) <= 7
        seen += [change.seq for change in page.changes]
        cursor = page.next_cursor
        if not page.has_more:
            break
    assert pages == 5  # 30 cases in pages of 7
    assert seen == sorted(seen) and len(set(seen)) == len(demo_cases)
    assert cursor == seen[-1]

    keys = {device.lookup_key(case.case_number.canonical, case.birth_date) for case in demo_cases}
    view, _, epoch = device.pull_all()
    assert set(view) == keys and epoch == 1


def test_the_case_state_carries_no_personal_data(gateway, device, demo_cases) -> None:
    page = device.changes(0, limit=MAX_PAGE)
    text = page.model_dump_json()
    # Only the case payloads are searched for a bare serial: sequence numbers are long
    # integers (on PostgreSQL they carry the transaction id) and hashes are hex, so either
    # may hold any six digits by chance.
    payloads = " ".join(change.case.model_dump_json() for change in page.changes if change.case)
    assert len(payloads) > 1000
    for change in page.changes:
        assert len(change.lookup_key) == 64 and set(change.lookup_key) <= set("0123456789abcdef")
    for case in demo_cases:
        assert case.case_number.canonical not in text
        assert case.birth_date.isoformat() not in text
        assert f"{case.case_number.serial:06d}" not in payloads


def test_empty_optional_fields_are_left_out(gateway, device, demo_cases) -> None:
    """The models' defaults stand for them: smaller pages, the same cases."""
    cases = [
        change["case"]
        for change in device.client.get("/v1/changes", params={"limit": MAX_PAGE}).json()["changes"]
    ]
    empty = {"missing_documents": [], "bookings": [], "next_appointment": None}
    empty["fiktion_valid_until"] = None
    for case in cases:
        assert {"status", "status_changed_on", "permit_type"} <= case.keys()
        assert all(case.get(field, "left out") != value for field, value in empty.items())
    assert any("missing_documents" in case for case in cases)
    assert any("missing_documents" not in case for case in cases)
    assert any("fiktion_valid_until" in case for case in cases)
    assert any("next_appointment" not in case for case in cases)


def test_a_status_change_arrives_as_one_delta(gateway, device, demo_cases) -> None:
    _, cursor, _ = device.pull_all()
    assert device.changes(cursor).changes == []

    target = demo_cases[3]
    seq = gateway.set_status(target.case_number.canonical, "ready_for_pickup", date(2026, 1, 2))
    page = device.changes_arrived(cursor)
    assert [change.seq for change in page.changes] == [seq]
    change = page.changes[0]
    assert change.lookup_key == device.lookup_key(target.case_number.canonical, target.birth_date)
    assert change.case is not None
    assert change.case.status == "ready_for_pickup"
    assert change.case.status_changed_on == date(2026, 1, 2)
    assert page.next_cursor == seq and not page.has_more


def test_an_empty_page_keeps_the_cursor(gateway, device, demo_cases) -> None:
    _, cursor, _ = device.pull_all()
    page = device.changes(cursor)
    assert page.next_cursor == cursor and not page.has_more and page.changes == []


def test_a_removed_case_becomes_a_tombstone(gateway, device, demo_cases) -> None:
    _, cursor, _ = device.pull_all()
    target = demo_cases[0]
    response = gateway.admin.delete(f"/admin/v1/cases/{target.case_number.canonical}")
    assert response.status_code == 200

    page = device.changes_arrived(cursor)
    assert len(page.changes) == 1
    assert page.changes[0].case is None
    key = device.lookup_key(target.case_number.canonical, target.birth_date)
    assert page.changes[0].lookup_key == key
    # A full resync still carries the tombstone, and only one row for that key.
    view, _, _ = device.pull_all(0)
    assert view[key] is None


def test_a_corrected_birth_date_retires_the_old_key(gateway, device) -> None:
    row = {
        "case_number": "DA-2026-000001-" + _check("2026000001"),
        "birth_date": "1990-05-01",
        "status": "in_review",
        "status_changed_on": "2026-01-01",
        "permit_type": "study_16b",
    }
    gateway.import_rows([row])
    _, cursor, _ = device.pull_all()
    gateway.import_rows([{**row, "birth_date": "1990-01-05"}])

    page = device.changes_arrived(cursor)
    by_key = {change.lookup_key: change.case for change in page.changes}
    old = device.lookup_key(row["case_number"], date(1990, 5, 1))
    new = device.lookup_key(row["case_number"], date(1990, 1, 5))
    assert by_key[old] is None and by_key[new] is not None


def test_a_cursor_beyond_the_dataset_is_410(gateway, device, demo_cases) -> None:
    _, cursor, _ = device.pull_all()
    response = device.client.get("/v1/changes", params={"cursor": cursor + 1000})
    assert response.status_code == 410
    assert ErrorBody.model_validate_json(response.content).error == "unknown_cursor"


def test_the_page_size_is_capped(gateway, device) -> None:
    gateway.import_demo(count=MAX_PAGE + 5)
    page = device.changes(0, limit=MAX_PAGE * 10)
    assert len(page.changes) == MAX_PAGE and page.has_more


def test_rotating_the_pepper_bumps_the_epoch_and_rekeys_everything(
    gateway, device, demo_cases
) -> None:
    before, cursor, epoch = device.pull_all()
    assert epoch == 1
    assert gateway.rotate_pepper() == 2

    page = device.changes_arrived(cursor)
    assert page.epoch == 2  # the kiosk sees the change on its very next pull

    view, _, epoch = device.pull_all(0)
    assert epoch == 2
    assert set(view).isdisjoint(before)
    assert len(view) == len(demo_cases)
    # The keys are derived with the new pepper, which a re-enrolled kiosk receives.
    renewed = gateway.enroll("after-rotation")
    assert renewed.enrollment.epoch == 2 and renewed.pepper != device.pepper
    case = demo_cases[5]
    assert renewed.lookup_key(case.case_number.canonical, case.birth_date) in view


def _check(digits: str) -> str:
    from kiosk_app.core.case_number import damm_check_digit

    return damm_check_digit(digits)


def test_the_dataset_endpoint_hands_out_the_new_pepper_after_rotation(gateway, device) -> None:
    from sync.protocol import DatasetInfo

    before = DatasetInfo.model_validate_json(device.client.get("/v1/dataset").content)
    assert (before.epoch, before.pepper) == (1, device.enrollment.pepper)
    gateway.rotate_pepper()
    after = DatasetInfo.model_validate_json(device.client.get("/v1/dataset").content)
    assert after.epoch == 2 and after.pepper != before.pepper
    gateway.revoke(device.enrollment.device_id)
    assert device.client.get("/v1/dataset").status_code == 401


def test_the_permit_end_date_travels_from_the_import_to_the_kiosk(gateway, device) -> None:
    """Issue 15: a walk-in ticket after a lookup is urgent when the permit ends soon, so the
    permit's end (``Aufenthaltstitel gültig bis`` in a CSV export) reaches the kiosk like the
    Fiktion's date; unknown, it is left out."""
    body = (
        "Aktenzeichen;Geburtsdatum;Status;Aufenthaltstitel;Aufenthaltstitel gültig bis\n"
        "DA-2024-000111-9;01.04.1990;in_review;work;2026-03-20\n"
        "DA-2024-000222-8;01.04.1990;in_review;work;\n"
    ).encode()
    report = gateway.import_csv(body)
    assert not report["rejected"], report
    cases = {
        change["lookup_key"]: change["case"]
        for change in device.client.get("/v1/changes").json()["changes"]
    }
    soon = device.lookup_key("DA-2024-000111-9", date(1990, 4, 1))
    unknown = device.lookup_key("DA-2024-000222-8", date(1990, 4, 1))
    assert cases[soon]["permit_valid_until"] == "2026-03-20"
    assert "permit_valid_until" not in cases[unknown]
