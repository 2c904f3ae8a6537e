"""The gateway's catalog over the seed, and its texts through ``_()`` and the printouts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

import pytest

from kiosk_app.core import i18n
from kiosk_app.core.catalog import (
    CatalogHolder,
    GatewayEntry,
    catalog_from_snapshot,
    seed_catalog,
    with_gateway_texts,
)
from kiosk_app.core.checklist import Checklist, ChecklistItem
from kiosk_app.core.printout import compose_printout


@pytest.fixture(autouse=True)
def _clean_i18n() -> Iterator[None]:
    yield
    i18n.set_runtime_texts({})
    i18n.activate("en")


def _catalog() -> CatalogHolder:
    seed = seed_catalog()
    synced = with_gateway_texts(
        seed,
        [
            GatewayEntry(
                "passport",
                {"en": "Passport or ID card", "de": "Reisepass oder Ausweis"},
                {"de": "Gültig, mit allen Seiten."},
            ),
            GatewayEntry("photo", {"de": "Lichtbild"}),  # no English: the seed's stays
            GatewayEntry("school", {"en": "School certificate"}),
            GatewayEntry("only_german", {"de": "Nur deutsch"}),
        ],
        [
            GatewayEntry("card_pickup", {"en": "Card pickup", "de": "Kartenabholung"}),
            GatewayEntry("unknown_service", {"en": "Not bookable here"}),
        ],
        version="v2",
    )
    holder = CatalogHolder()
    holder.replace(synced)
    return holder


def test_the_gateway_overrides_and_extends_the_seed() -> None:
    seed = seed_catalog()
    catalog = _catalog().current
    assert catalog.version == "v2"
    assert catalog.document_name("passport") == "Passport or ID card"
    assert catalog.document_name("photo") == seed.document_name("photo")
    assert catalog.document_name("school") == "School certificate"
    assert catalog.document_name("only_german") == "Nur deutsch"
    assert catalog.explanation("photo") == seed.explanation("photo")  # none from the gateway
    assert catalog.services["card_pickup"] == "Card pickup"
    assert "unknown_service" not in catalog.services  # the kiosk cannot book it
    # The mappings stay the seed's.
    assert catalog.documents_for("study_16b", None) == seed.documents_for("study_16b", None)
    assert catalog.service_documents == seed.service_documents


def test_the_active_language_shows_the_gateway_text_then_english_then_the_seed() -> None:
    catalog = _catalog().current
    i18n.activate("de")
    assert i18n._(catalog.document_name("passport")) == "Reisepass oder Ausweis"
    assert i18n._(catalog.explanation("passport")) == "Gültig, mit allen Seiten."
    assert i18n._(catalog.document_name("photo")) == "Lichtbild"
    assert i18n._(catalog.document_name("school")) == "School certificate"  # English from gateway
    seeded = seed_catalog().explanation("payslips")  # untouched: the compiled translation
    assert i18n._(catalog.explanation("payslips")) == i18n.load_catalog("de").gettext(seeded)
    assert i18n._(catalog.explanation("payslips")) != seeded
    i18n.activate("tr")
    assert i18n._(catalog.document_name("passport")) == "Passport or ID card"
    # No Turkish and no English from the gateway: the seed's Turkish translation.
    photo = seed_catalog().document_name("photo")
    assert i18n._(catalog.document_name("photo")) == i18n.load_catalog("tr").gettext(photo)
    i18n.activate("en")
    assert i18n._(catalog.document_name("photo")) == photo


def test_replacing_with_the_seed_drops_the_gateway_texts() -> None:
    holder = _catalog()
    i18n.activate("de")
    holder.replace(seed_catalog())
    assert i18n._("Passport or ID card") == "Passport or ID card"


def test_the_printout_uses_the_gateway_texts_in_both_languages() -> None:
    catalog = _catalog().current
    checklist = Checklist(
        items=(
            ChecklistItem(
                "passport", catalog.document_name("passport"), catalog.explanation("passport")
            ),
        ),
        reference="",
        next_steps=(),
    )
    text = compose_printout(checklist, "tr", "Office", datetime(2026, 3, 1, 9, 0))
    assert text.items[0].name.resident == "Passport or ID card"
    assert text.items[0].name.german == "Reisepass oder Ausweis"


def test_a_stored_snapshot_builds_the_catalog_and_bad_ones_are_refused() -> None:
    raw = json.dumps(
        {
            "protocol": 1,
            "version": "ab" * 32,
            "documents": [{"code": "passport", "names": {"en": "Pass"}, "explanations": {}}],
            "services": [{"code": "biometrics", "names": {"de": "Fingerabdrücke"}}],
        }
    )
    catalog = catalog_from_snapshot(seed_catalog(), raw)
    assert catalog.version == "ab" * 32 and catalog.document_name("passport") == "Pass"
    assert catalog.services["biometrics"] == seed_catalog().services["biometrics"]
    for bad in ("[]", "{}", '{"version": 1, "documents": [], "services": []}', "not json"):
        with pytest.raises(ValueError):
            catalog_from_snapshot(seed_catalog(), bad)
