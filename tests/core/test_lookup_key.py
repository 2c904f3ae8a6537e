import hashlib
import hmac
from datetime import date

import pytest

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.lookup_key import derive_lookup_key

PEPPER = bytes(range(32))
NUMBER = CaseNumber("DA", 2026, 4711)


def test_lookup_key_is_hmac_of_canonical_number_and_iso_date() -> None:
    expected = hmac.new(PEPPER, f"{NUMBER.canonical}|1990-12-31".encode(), hashlib.sha256).digest()
    assert derive_lookup_key(PEPPER, NUMBER, date(1990, 12, 31)) == expected


def test_key_changes_with_pepper_date_and_number() -> None:
    base = derive_lookup_key(PEPPER, NUMBER, date(1990, 12, 31))
    assert derive_lookup_key(bytes(32), NUMBER, date(1990, 12, 31)) != base
    assert derive_lookup_key(PEPPER, NUMBER, date(1990, 12, 30)) != base
    assert derive_lookup_key(PEPPER, CaseNumber("DA", 2026, 4712), date(1990, 12, 31)) != base


def test_short_pepper_is_refused() -> None:
    with pytest.raises(ValueError):
        derive_lookup_key(b"short", NUMBER, date(1990, 1, 1))
