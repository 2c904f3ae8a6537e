"""Admin CRUD of the document catalog and the services with working hours."""

from __future__ import annotations


def test_the_catalog_is_seeded_and_editable(gateway) -> None:
    documents = gateway.admin.get("/admin/v1/documents").json()
    assert "passport" in {entry["code"] for entry in documents}

    body = {"names": {"de": "Schulbescheinigung", "en": "School certificate"}, "explanations": {}}
    created = gateway.admin.put("/admin/v1/documents/school_certificate", json=body)
    assert created.status_code == 201
    assert gateway.admin.put("/admin/v1/documents/school_certificate", json=body).status_code == 200
    assert gateway.admin.delete("/admin/v1/documents/school_certificate").status_code == 204
    assert gateway.admin.delete("/admin/v1/documents/school_certificate").status_code == 404
    assert gateway.admin.put("/admin/v1/documents/Bad Code", json=body).status_code == 422


def test_a_new_document_code_is_accepted_by_imports(gateway) -> None:
    gateway.admin.put("/admin/v1/documents/school_certificate", json={"names": {"en": "School"}})
    row = {
        "case_number": "DA-2026-000002-" + _check("2026000002"),
        "birth_date": "2001-01-01",
        "status": "documents_missing",
        "permit_type": "child_32",
        "missing_documents": "school_certificate|passport",
    }
    assert gateway.import_rows([row])["inserted"] == 1


def test_services_carry_durations_and_working_hours(gateway) -> None:
    services = {entry["code"]: entry for entry in gateway.admin.get("/admin/v1/services").json()}
    assert services["card_pickup"]["duration_minutes"] == 15

    body = {
        "names": {"en": "Pickup"},
        "duration_minutes": 10,
        "working_hours": {"mon": [["08:00", "12:00"]], "thu": [["13:00", "18:00"]]},
    }
    assert gateway.admin.put("/admin/v1/services/card_pickup", json=body).status_code == 200
    stored = {entry["code"]: entry for entry in gateway.admin.get("/admin/v1/services").json()}
    assert stored["card_pickup"]["working_hours"]["thu"] == [["13:00", "18:00"]]

    bad = dict(body, working_hours={"mon": [["12:00", "08:00"]]})
    assert gateway.admin.put("/admin/v1/services/card_pickup", json=bad).status_code == 422
    bad_day = dict(body, working_hours={"someday": []})
    assert gateway.admin.put("/admin/v1/services/card_pickup", json=bad_day).status_code == 422


def _check(digits: str) -> str:
    from kiosk_app.core.case_number import damm_check_digit

    return damm_check_digit(digits)
