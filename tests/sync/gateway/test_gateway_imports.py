"""Case imports as offices export them: CSV dialects and encodings, German dates, bad rows."""

from __future__ import annotations

from datetime import date, datetime

from kiosk_app.core.case_number import CaseNumber, damm_check_digit


def _number(serial: int, year: int = 2026) -> str:
    return CaseNumber("DA", year, serial).canonical


GERMAN_HEADER = (
    "Aktenzeichen;Geburtsdatum;Status;Statusdatum;Aufenthaltstitel;Fehlende Unterlagen;"
    "Termin;Fiktionsbescheinigung bis"
)


def _german_csv() -> bytes:
    lines = [
        GERMAN_HEADER,
        f"{_number(101)};31.12.1990;Unterlagen unvollständig;02.01.2026;study_16b;"
        "passport|photo;15.01.2026 09:30;31.03.2026",
        f"{_number(102)};01.02.1985;in Bearbeitung;03.01.2026;blue_card_18g;;;",
        f"{_number(103)};15.07.1979;Beteiligung anderer Behörden;04.01.2026;skilled_degree_18b;;;",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def test_semicolon_windows_1252_with_german_dates_and_terms(gateway, device) -> None:
    body = _german_csv()
    assert "ä".encode("cp1252") in body  # really not UTF-8
    report = gateway.import_csv(body)
    assert report == {"received": 3, "inserted": 3, "updated": 0, "unchanged": 0, "rejected": []}

    view, _, _ = device.pull_all()
    first = view[device.lookup_key(_number(101), date(1990, 12, 31))]
    assert first is not None
    assert first.status == "documents_missing"
    assert first.status_changed_on == date(2026, 1, 2)
    assert first.missing_documents == ["passport", "photo"]
    assert first.next_appointment == datetime(2026, 1, 15, 9, 30)
    assert first.fiktion_valid_until == date(2026, 3, 31)
    third = view[device.lookup_key(_number(103), date(1979, 7, 15))]
    assert third is not None and third.status == "awaiting_other_authority"


def test_comma_utf8_with_bom_and_english_headers(gateway, device) -> None:
    text = (
        "case_number,birth_date,status,status_changed_on,permit_type,missing_documents\n"
        f'{_number(201)},1992-04-30,documents_missing,2026-01-10,spouse_30,"german_a1,registration"\n'
        f"{_number(202)},1988-11-02,ready_for_pickup,2026-01-11,study_16b,\n"
    )
    report = gateway.import_csv(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert report["inserted"] == 2 and report["rejected"] == []
    view, _, _ = device.pull_all()
    state = view[device.lookup_key(_number(201), date(1992, 4, 30))]
    assert state is not None and state.missing_documents == ["german_a1", "registration"]


def test_bad_rows_are_reported_by_row_number_without_their_values(gateway) -> None:
    mistyped = _number(301)[:-1] + str((int(_number(301)[-1]) + 1) % 10)
    lines = [
        GERMAN_HEADER,
        f"{_number(300)};01.01.1990;in Bearbeitung;;study_16b;;;",  # fine: row 2
        f"{mistyped};01.01.1990;in Bearbeitung;;study_16b;;;",  # row 3
        f"{_number(302)};31.02.1990;in Bearbeitung;;study_16b;;;",  # row 4
        f"{_number(303)};01.01.1990;vielleicht;;study_16b;;;",  # row 5
        f"{_number(304)};01.01.1990;in Bearbeitung;;study_16b;teleporter;;",  # row 6
        f"{_number(305)};01.01.1990;in Bearbeitung;;study_16b;;morgen;",  # row 7
        f"{_number(306)};;in Bearbeitung;;study_16b;;;",  # row 8
    ]
    report = gateway.import_csv("\n".join(lines).encode("utf-8"))
    assert report["received"] == 7 and report["inserted"] == 1
    reasons = {item["row"]: item["reason"] for item in report["rejected"]}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert reasons[3].startswith("case_number:")
    assert reasons[4].startswith("birth_date:")
    assert reasons[5].startswith("status:")
    assert reasons[6].startswith("missing_documents:")
    assert reasons[7].startswith("next_appointment:")
    assert reasons[8].startswith("birth_date:")
    text = str(report)
    for secret in (mistyped, "31.02.1990", "vielleicht", "teleporter", "morgen", _number(302)):
        assert secret not in text


def test_reimporting_the_same_export_changes_nothing(gateway, device) -> None:
    gateway.import_csv(_german_csv())
    _, cursor, _ = device.pull_all()
    report = gateway.import_csv(_german_csv())
    assert report == {"received": 3, "inserted": 0, "updated": 0, "unchanged": 3, "rejected": []}
    assert device.changes(cursor).changes == []  # no new change_seq


def test_an_updated_row_gets_one_new_change(gateway, device) -> None:
    gateway.import_csv(_german_csv())
    _, cursor, _ = device.pull_all()
    changed = _german_csv().replace(b"in Bearbeitung", b"abholbereit")
    report = gateway.import_csv(changed)
    assert (report["updated"], report["unchanged"]) == (1, 2)
    page = device.changes_arrived(cursor)
    assert len(page.changes) == 1 and page.changes[0].case is not None
    assert page.changes[0].case.status == "ready_for_pickup"


def test_without_a_status_date_an_unchanged_status_keeps_its_date(gateway, device) -> None:
    row = {
        "case_number": _number(401),
        "birth_date": "1990-01-01",
        "status": "in_review",
        "status_changed_on": "2025-12-01",
        "permit_type": "study_16b",
    }
    gateway.import_rows([row])
    _, cursor, _ = device.pull_all()
    without_date = {key: value for key, value in row.items() if key != "status_changed_on"}
    assert gateway.import_rows([without_date])["unchanged"] == 1
    assert device.changes(cursor).changes == []


def test_json_rows_accept_german_keys_and_report_bad_rows(gateway) -> None:
    rows = [
        {
            "Aktenzeichen": _number(501),
            "Geburtsdatum": "02.03.1991",
            "Status": "received",
            "Aufenthaltstitel": "study_16b",
            "Fehlende Unterlagen": ["passport"],
        },
        "not a row",
        {"case_number": _number(502), "birth_date": "1991-03-02", "permit_type": "study_16b"},
    ]
    report = gateway.import_rows(rows)
    assert report["inserted"] == 1
    assert [(item["row"], item["reason"].split(":")[0]) for item in report["rejected"]] == [
        (2, "row"),
        (3, "status"),
    ]


def test_an_export_without_a_required_column_is_refused_whole(gateway) -> None:
    response = gateway.admin.post(
        "/admin/v1/imports",
        content=b"Aktenzeichen;Status\nDA-2026-000001-0;abgeschlossen\n",
        headers={"Content-Type": "text/csv"},
    )
    assert response.status_code == 422
    assert response.json()["error"] == "unreadable_import"
    assert "birth_date" in response.json()["detail"]


def test_set_status_and_unknown_cases(gateway, device) -> None:
    gateway.import_csv(_german_csv())
    assert gateway.set_status(_number(102).replace("-", " "), "completed") > 0  # typed leniently
    missing = gateway.admin.put(
        f"/admin/v1/cases/{_number(999)}/status", json={"status": "completed"}
    )
    assert missing.status_code == 404 and missing.json()["error"] == "unknown_case"
    bad = gateway.admin.put("/admin/v1/cases/DA-2026-000001-9/status", json={"status": "completed"})
    assert bad.status_code == 422
    assert damm_check_digit("2026000001") != "9"


def test_the_permits_end_date_is_read_and_reaches_the_kiosk(gateway, device) -> None:
    """``Aufenthaltstitel gültig bis`` (issue 17): the receipt of an extension application says
    "received in time" when it was made before this day."""
    lines = [
        GERMAN_HEADER + ";Aufenthaltstitel gültig bis",
        f"{_number(301)};31.12.1990;in Bearbeitung;02.01.2026;study_16b;;;;31.03.2026",
        f"{_number(302)};01.02.1985;in Bearbeitung;03.01.2026;blue_card_18g;;;;",
    ]
    report = gateway.import_csv(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    assert report["inserted"] == 2 and report["rejected"] == []
    view, _, _ = device.pull_all()
    dated = view[device.lookup_key(_number(301), date(1990, 12, 31))]
    undated = view[device.lookup_key(_number(302), date(1985, 2, 1))]
    assert dated is not None and dated.permit_valid_until == date(2026, 3, 31)
    assert dated.permit_type == "study_16b"  # "Aufenthaltstitel" alone is still the type
    assert undated is not None and undated.permit_valid_until is None
