"""The digit policy for ar and fa (docs/accessibility.md): Western digits 0-9 everywhere, as on the
office's letters, the keypad and the case number the resident compares digit by digit."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from babel.messages.pofile import read_po
from qml_tree import root_item, texts
from screens import reach

from kiosk_app.backend import KioskBackend
from kiosk_app.core import formatting, i18n
from kiosk_app.core.i18n import LOCALE_DIR
from kiosk_app.qt.app import KioskUi

EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")  # Arabic-Indic, extended (Persian)
RTL = ("ar", "fa")


@pytest.mark.parametrize("lang", RTL)
def test_dates_and_times_use_western_digits(lang: str) -> None:
    i18n.activate(lang)
    try:
        shown = [
            formatting.format_date(date(2026, 3, 14)),
            formatting.format_time(datetime(2026, 3, 14, 9, 30)),
            formatting.format_datetime(datetime(2026, 3, 14, 9, 30)),
        ]
    finally:
        i18n.activate("en")
    for text in shown:
        assert not EASTERN_DIGITS.search(text), f"{lang}: {text!r}"
        assert re.search("[0-9]", text), f"{lang}: no digits at all in {text!r}"


@pytest.mark.parametrize("lang", RTL)
def test_catalogs_write_western_digits(lang: str) -> None:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "kiosk_app.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    eastern = [
        message.id
        for message in catalog
        if message.id
        and any(
            EASTERN_DIGITS.search(s)
            for s in (message.string if isinstance(message.string, tuple) else (message.string,))
            if s
        )
    ]
    assert not eastern, f"{lang}: Eastern Arabic digits in {eastern}"


@pytest.mark.parametrize("lang", RTL)
@pytest.mark.parametrize("screen", ["result", "book_day", "book_time", "booked"])
def test_screens_show_western_digits(
    a11y_kiosk: KioskUi, backend: KioskBackend, screen: str, lang: str
) -> None:
    reach(a11y_kiosk, backend, screen, lang)
    eastern = [
        str(item.property("text"))
        for item in texts(root_item(a11y_kiosk.window))
        if EASTERN_DIGITS.search(str(item.property("text")))
    ]
    assert not eastern, f"{screen} [{lang}]: {eastern}"
