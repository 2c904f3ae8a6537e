"""The only handle the kiosk keeps for a case (DESIGN.md "Privacy by construction")."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from .case_number import CaseNumber

PEPPER_BYTES = 32


def derive_lookup_key(pepper: bytes, case_number: CaseNumber, birth_date: date) -> bytes:
    """HMAC-SHA256(pepper, canonical case number + "|" + ISO birth date)."""
    if len(pepper) < 16:
        raise ValueError("pepper too short")
    message = f"{case_number.canonical}|{birth_date.isoformat()}".encode("ascii")
    return hmac.new(pepper, message, hashlib.sha256).digest()
