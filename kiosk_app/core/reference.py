"""The short reference printed as a QR code on checklists and appointment confirmations.

Random, so it carries no case number, birth date or key; the gateway learns which case it
belongs to from a ``register_reference`` command. Kept apart from ``checklist`` so the wire
types (``sync.protocol``) can check it without loading the catalog.
"""

from __future__ import annotations

import base64
import re
import secrets

REFERENCE_LENGTH = 10  # base32 characters: 50 random bits, short enough to read out at a counter
# What ``new_reference`` produces (RFC 4648 base32 alphabet, no padding); the wire checks it.
REFERENCE_PATTERN = rf"^[A-Z2-7]{{{REFERENCE_LENGTH}}}$"


def new_reference() -> str:
    """A random reference for staff to scan; it carries no case number, birth date or key."""
    return base64.b32encode(secrets.token_bytes(8)).decode("ascii")[:REFERENCE_LENGTH]


def normalise_reference(text: str) -> str:
    """As typed at a counter: spaces and dashes dropped, upper case (scanners send it exact).
    The same rule as the gateway's ``sync.gateway.references.normalise_reference``."""
    return "".join(ch for ch in text if ch not in " -").upper()


def looks_like_reference(text: str) -> bool:
    """``text`` (normalised) has the form of a reference ``new_reference`` makes."""
    return re.fullmatch(REFERENCE_PATTERN, text) is not None
