"""The committed translation catalogs: placeholders intact; German and English complete."""

import pytest

from kiosk_app.core import i18n
from kiosk_app.core.catalog_check import check_catalog, languages_with_catalogs
from kiosk_app.core.languages import LANGUAGES

CATALOGS = languages_with_catalogs(i18n.LOCALE_DIR)


def test_every_catalog_is_for_a_launch_language() -> None:
    assert set(CATALOGS) <= {language.code for language in LANGUAGES}
    assert {"de", "en"} <= set(CATALOGS)


@pytest.mark.parametrize("language", CATALOGS)
def test_no_translation_changes_placeholders(language: str) -> None:
    assert check_catalog(i18n.LOCALE_DIR, language, compiled=False).problems == ()


@pytest.mark.parametrize("language", ["de", "en"])
def test_german_and_english_are_complete(language: str) -> None:
    report = check_catalog(i18n.LOCALE_DIR, language, compiled=False)
    assert report.translated == report.total > 90


def test_a_renamed_placeholder_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    po = tmp_path / "de" / "LC_MESSAGES" / "kiosk_app.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Last change: {date}"\nmsgstr "Letzte Änderung: {datum}"\n',
        encoding="utf-8",
    )
    assert check_catalog(tmp_path, "de", compiled=False).problems
