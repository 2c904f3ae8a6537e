"""Permit types, document codes, services and which documents each needs (DOMAIN.md).

The office's real catalog is data; these constants are the seed the demo and the screens start
from, wrapped in a ``Catalog`` the app holds and can replace with one synced from the gateway.
Names and explanations are ``N_`` constants, translated where shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from .i18n import N_, set_runtime_texts

PERMIT_TYPES: dict[str, str] = {
    "study_16b": N_("Study (§16b)"),
    "language_course_16f": N_("Language course (§16f)"),
    "vocational_training_16a": N_("Vocational training (§16a)"),
    "job_search_20": N_("Job search after graduation (§20)"),
    "skilled_vocational_18a": N_("Skilled worker with vocational training (§18a)"),
    "skilled_degree_18b": N_("Skilled worker with a degree (§18b)"),
    "blue_card_18g": N_("EU Blue Card (§18g)"),
    "researcher_18d": N_("Researcher (§18d)"),
    "self_employment_21": N_("Self-employment (§21)"),
    "spouse_30": N_("Joining a spouse (§30)"),
    "spouse_of_german_28": N_("Spouse of a German citizen (§28)"),
    "child_32": N_("Joining a parent, for children (§32)"),
    "humanitarian_25": N_("Humanitarian reasons (§25)"),
    "temporary_protection_24": N_("Temporary protection (§24)"),
    "settlement_9": N_("Settlement permit (§9, §18c)"),
    "eu_long_term_9a": N_("EU long-term residence (§9a)"),
    "eu_family_card": N_("Residence card for family of EU citizens"),
}

DOCUMENTS: dict[str, str] = {
    "passport": N_("Passport"),
    "photo": N_("Biometric photo"),
    "application_form": N_("Signed application form"),
    "health_insurance": N_("Proof of health insurance"),
    "registration": N_("Registration certificate (Meldebescheinigung)"),
    "rental_contract": N_("Rental contract or landlord confirmation"),
    "payslips": N_("Last three payslips"),
    "employment_contract": N_("Employment contract"),
    "employer_form": N_("Employer form for the Federal Employment Agency"),
    "enrolment": N_("Enrolment certificate"),
    "financial_means": N_("Proof of financial means"),
    "degree": N_("Degree certificate with statement of comparability"),
    "marriage_certificate": N_("Marriage certificate (translated and legalised)"),
    "birth_certificate": N_("Birth certificate"),
    "german_a1": N_("German language certificate A1"),
    "german_b1": N_("German language certificate B1"),
    "pension": N_("Proof of pension contributions"),
    "integration_course": N_("Integration course certificate"),
    "current_permit": N_("Current residence permit (eAT card)"),
    "sponsor_income": N_("Proof of your spouse's income"),
}

# One line each, so a resident knows what exactly counts (under the name, on screen and paper).
DOCUMENT_EXPLANATIONS: dict[str, str] = {
    "passport": N_("Valid passport or travel document, with every page."),
    "photo": N_("Biometric photo 35×45 mm, not older than 6 months."),
    "application_form": N_("Filled in completely and signed by you."),
    "health_insurance": N_("Insurance certificate or membership confirmation from your insurer."),
    "registration": N_("From the citizens' office (Bürgeramt), showing your current address."),
    "rental_contract": N_(
        "Your rental contract, or the landlord's form (Wohnungsgeberbestätigung)."
    ),
    "payslips": N_("Your payslips for the last three months."),
    "employment_contract": N_("Signed by you and your employer, with salary and working hours."),
    "employer_form": N_(
        "Form 'Erklärung zum Beschäftigungsverhältnis', filled in by your employer."
    ),
    "enrolment": N_("Certificate from your university for the current semester."),
    "financial_means": N_("Blocked account, scholarship letter or formal obligation."),
    "degree": N_("Your degree, and the statement of comparability (ZAB) if it is from abroad."),
    "marriage_certificate": N_("Translated into German and legalised or with an apostille."),
    "birth_certificate": N_("Translated into German if it is not in German or English."),
    "german_a1": N_("Certificate of German at level A1, for example from the Goethe-Institut."),
    "german_b1": N_("Certificate of German at level B1, or the integration course certificate."),
    "pension": N_("Statement from the pension insurance showing at least 60 months."),
    "integration_course": N_("Certificate that you passed the integration course."),
    "current_permit": N_("Your current electronic residence permit card (eAT)."),
    "sponsor_income": N_("Your spouse's payslips for the last three months."),
}

# Appointment services (DOMAIN.md); codes as the gateway's services table uses them.
SERVICES: dict[str, str] = {
    "application": N_("New application or extension"),
    "hand_in_documents": N_("Hand in documents"),
    "biometrics": N_("Fingerprints and photo for the card"),
    "card_pickup": N_("Pick up the card"),
    "fiktion_certificate": N_("Fiktionsbescheinigung (certificate that your stay continues)"),
    "consultation": N_("Consultation"),
    "formal_obligation": N_("Formal obligation for visitors (Verpflichtungserklärung)"),
}

# Services whose documents follow the permit type (the application set); the others need a
# fixed set whatever the permit.
PERMIT_SERVICES: frozenset[str] = frozenset({"application", "hand_in_documents"})
SERVICE_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "biometrics": ("passport", "photo"),
    "card_pickup": ("passport",),
    "fiktion_certificate": ("passport", "photo", "current_permit"),
    "consultation": ("passport",),
    "formal_obligation": ("passport", "payslips", "employment_contract", "rental_contract"),
}

# Typical sets from DOMAIN.md, seeding the demo; the office's catalog replaces them.
REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "study_16b": (
        "passport",
        "photo",
        "application_form",
        "health_insurance",
        "enrolment",
        "financial_means",
        "registration",
    ),
    "blue_card_18g": (
        "passport",
        "photo",
        "application_form",
        "employment_contract",
        "employer_form",
        "degree",
        "health_insurance",
        "registration",
    ),
    "spouse_30": (
        "passport",
        "photo",
        "application_form",
        "marriage_certificate",
        "german_a1",
        "registration",
        "rental_contract",
        "sponsor_income",
        "health_insurance",
    ),
    "settlement_9": (
        "passport",
        "photo",
        "application_form",
        "current_permit",
        "payslips",
        "pension",
        "german_b1",
        "integration_course",
        "rental_contract",
        "health_insurance",
    ),
}
GENERIC_DOCUMENTS: tuple[str, ...] = (
    "passport",
    "photo",
    "application_form",
    "health_insurance",
    "registration",
)


def required_documents(permit_type: str) -> tuple[str, ...]:
    """The seed's documents for an application of ``permit_type`` (a generic set if unknown)."""
    return REQUIRED_DOCUMENTS.get(permit_type, GENERIC_DOCUMENTS)


@dataclass(frozen=True)
class Catalog:
    """One version of the office's catalog; untranslated names (``N_``) keyed by code."""

    permit_types: Mapping[str, str]
    documents: Mapping[str, str]
    explanations: Mapping[str, str]
    services: Mapping[str, str]
    permit_documents: Mapping[str, tuple[str, ...]]
    service_documents: Mapping[str, tuple[str, ...]]
    permit_services: frozenset[str] = field(default_factory=frozenset)
    generic_documents: tuple[str, ...] = GENERIC_DOCUMENTS
    # The gateway's texts per language, keyed by the source string above they translate
    # (``i18n.set_runtime_texts``); empty for the seed.
    texts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    version: str | None = None  # the gateway's catalog version; None for the seed

    def document_name(self, code: str) -> str:
        """The (untranslated) name; an unknown code shows as itself rather than vanishing."""
        return self.documents.get(code, code)

    def explanation(self, code: str) -> str:
        return self.explanations.get(code, "")

    def documents_for(self, permit_type: str | None, service: str | None) -> tuple[str, ...]:
        """What to bring for ``service`` under ``permit_type`` (either may be unknown)."""
        if service is not None and service not in self.permit_services:
            fixed = self.service_documents.get(service)
            if fixed is not None:
                return fixed
        if permit_type is None:
            return self.generic_documents
        return self.permit_documents.get(permit_type, self.generic_documents)


def seed_catalog() -> Catalog:
    """The demo catalog from DOMAIN.md, used until the gateway sends the office's own."""
    return Catalog(
        permit_types=PERMIT_TYPES,
        documents=DOCUMENTS,
        explanations=DOCUMENT_EXPLANATIONS,
        services=SERVICES,
        permit_documents=REQUIRED_DOCUMENTS,
        service_documents=SERVICE_DOCUMENTS,
        permit_services=PERMIT_SERVICES,
    )


@dataclass(frozen=True)
class GatewayEntry:
    """A document or service as the gateway's catalog has it: texts by language."""

    code: str
    names: Mapping[str, str]
    explanations: Mapping[str, str] = field(default_factory=dict)


SOURCE_LANGUAGE = "en"  # the language of the source strings (``N_`` constants)


def with_gateway_texts(
    seed: Catalog,
    documents: Iterable[GatewayEntry],
    services: Iterable[GatewayEntry],
    version: str | None = None,
) -> Catalog:
    """``seed`` with the gateway's names and explanations.

    A document in the gateway's catalog gets the gateway's name (and explanation, if it has
    one); a document code the seed lacks is added. Services only get their names: one the kiosk
    does not know is left out, as the kiosk's booking rules have no calendar for it. The permit
    and service → documents mappings stay the seed's. The shown text is the gateway's text in
    the active language, else its English text, else the seed's translation (``texts``).
    """
    names = dict(seed.documents)
    explanations = dict(seed.explanations)
    service_names = dict(seed.services)
    texts: dict[str, dict[str, str]] = {}

    def source(gateway: Mapping[str, str], seed_text: str | None) -> str:
        # English from the gateway is the new source string; without it the seed's string
        # stays (so its compiled translations still apply); a new code takes any text.
        chosen = gateway.get(SOURCE_LANGUAGE) or seed_text
        if not chosen:
            chosen = gateway.get("de") or next(iter(sorted(gateway.items())))[1]
        texts.setdefault(chosen, {}).update(gateway)
        return chosen

    for entry in documents:
        if not entry.names:
            continue
        names[entry.code] = source(entry.names, seed.documents.get(entry.code))
        if entry.explanations:
            explanations[entry.code] = source(entry.explanations, seed.explanations.get(entry.code))
    for entry in services:
        if entry.code in seed.services and entry.names:
            service_names[entry.code] = source(entry.names, seed.services[entry.code])
    return replace(
        seed,
        documents=names,
        explanations=explanations,
        services=service_names,
        texts=texts,
        version=version,
    )


def catalog_from_snapshot(seed: Catalog, raw: bytes | str) -> Catalog:
    """``with_gateway_texts`` from a stored ``CatalogSnapshot`` (JSON; validated by the sync
    engine before it was stored). Raises ``ValueError`` if it is not of that shape."""
    try:
        import json  # only when a synced catalog is read, not at start-up

        data = json.loads(raw)
        documents = [
            GatewayEntry(
                _code(item["code"]), _texts(item["names"]), _texts(item.get("explanations", {}))
            )
            for item in data["documents"]
        ]
        services = [
            GatewayEntry(_code(item["code"]), _texts(item["names"])) for item in data["services"]
        ]
        version = data["version"]
    except (KeyError, TypeError, AttributeError) as problem:
        raise ValueError(f"not a catalog snapshot: {problem!r}") from None
    if not isinstance(version, str):
        raise ValueError("not a catalog snapshot: version")
    return with_gateway_texts(seed, documents, services, version)


def _code(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("code")
    return value


def _texts(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in value.items()
    ):
        raise TypeError("texts")
    return {key: text for key, text in value.items() if text}


class CatalogHolder:
    """The catalog the app uses now; ``replace`` swaps in a newer one (e.g. from sync)."""

    def __init__(self, catalog: Catalog | None = None) -> None:
        self._catalog = catalog or seed_catalog()
        self._listeners: list[Callable[[Catalog], None]] = []
        set_runtime_texts(self._catalog.texts)

    @property
    def current(self) -> Catalog:
        return self._catalog

    def on_replaced(self, listener: Callable[[Catalog], None]) -> None:
        self._listeners.append(listener)

    def replace(self, catalog: Catalog) -> None:
        """Use ``catalog`` from now on (its texts too); screens showing the old one re-render."""
        self._catalog = catalog
        set_runtime_texts(catalog.texts)
        for listener in self._listeners:
            listener(catalog)
