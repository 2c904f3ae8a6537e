"""Permit types and document codes (DOMAIN.md). The office's real catalog is data; this is the
seed the demo and the screens start from. Names are ``N_`` constants, translated where shown."""

from __future__ import annotations

from .i18n import N_

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
    return REQUIRED_DOCUMENTS.get(permit_type, GENERIC_DOCUMENTS)
