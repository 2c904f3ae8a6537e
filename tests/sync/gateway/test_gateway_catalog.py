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


def test_kiosks_receive_the_catalog_the_admin_put(gateway, device) -> None:
    from sync.protocol import CatalogSnapshot

    first = CatalogSnapshot.model_validate_json(device.client.get("/v1/catalog").content)
    assert "passport" in {doc.code for doc in first.documents}
    assert "card_pickup" in {service.code for service in first.services}
    again = CatalogSnapshot.model_validate_json(device.client.get("/v1/catalog").content)
    assert again.version == first.version  # same content, same version

    body = {
        "names": {"de": "Reisepass", "en": "Passport", "de-DE": "dropped", "fr": ""},
        "explanations": {"de": "Gültig, mit allen Seiten.", "en": "Valid, every page."},
    }
    assert gateway.admin.put("/admin/v1/documents/passport", json=body).status_code == 200
    changed = CatalogSnapshot.model_validate_json(device.client.get("/v1/catalog").content)
    assert changed.version != first.version
    passport = next(doc for doc in changed.documents if doc.code == "passport")
    assert passport.names == {"de": "Reisepass", "en": "Passport"}  # unfit tags left out
    assert passport.explanations["de"] == "Gültig, mit allen Seiten."

    gateway.admin.put("/admin/v1/documents/school", json={"names": {"en": "School certificate"}})
    added = CatalogSnapshot.model_validate_json(device.client.get("/v1/catalog").content)
    assert "school" in {doc.code for doc in added.documents}
    assert added.version not in {first.version, changed.version}


def test_the_catalog_needs_device_auth(gateway) -> None:
    import httpx

    assert httpx.get(f"{gateway.url}/v1/catalog").status_code == 401
    assert gateway.admin.get("/v1/catalog").status_code == 401  # the admin token is no device
