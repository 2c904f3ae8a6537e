"""Case numbers of the form ``DA-YYYY-NNNNNN-C`` (DOMAIN.md "Case numbers").

The check digit is Damm's algorithm over the ten digits of year and serial: unlike ISO 7064
MOD 11-10 it catches every single wrong digit *and* every swap of neighbouring digits, and as
one decimal digit it keeps the kiosk keypad numeric.
Input is normalised first: case, spaces, dashes, dots and slashes, and O typed for 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import CaseNumberIncomplete, NumberLooksMistyped
from .office import DEFAULT_PREFIX as DEFAULT_PREFIX  # where it was always imported from

DIGITS = 11  # 4 year + 6 serial + 1 check
_SEPARATORS = re.compile(r"[\s\-./_]+")
_LOOKALIKES = str.maketrans({"O": "0", "Q": "0", "I": "1", "L": "1"})


# Damm's totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm_check_digit(digits: str) -> str:
    """The Damm check digit for a string of decimal digits."""
    interim = 0
    for char in digits:
        interim = _DAMM[interim][int(char)]
    return str(interim)


@dataclass(frozen=True, order=True)
class CaseNumber:
    prefix: str
    year: int
    serial: int

    @property
    def check(self) -> str:
        return damm_check_digit(f"{self.year:04d}{self.serial:06d}")

    @property
    def canonical(self) -> str:
        return f"{self.prefix}-{self.year:04d}-{self.serial:06d}-{self.check}"

    def __str__(self) -> str:
        return self.canonical

    def masked(self) -> str:
        """For printouts and screens: only the last two serial digits and the check stay."""
        return f"{self.prefix}-{self.year:04d}-••••{self.serial % 100:02d}-{self.check}"

    @classmethod
    def parse(cls, text: str, prefix: str = DEFAULT_PREFIX) -> CaseNumber:
        """Read a case number as people type it; raise a domain error if it cannot be one."""
        compact = _SEPARATORS.sub("", text.upper())
        if compact.startswith(prefix):
            compact = compact[len(prefix) :]
        digits = compact.translate(_LOOKALIKES)
        if not digits.isdigit() or len(digits) != DIGITS:
            raise CaseNumberIncomplete(len(digits))
        number = cls(prefix, int(digits[:4]), int(digits[4:10]))
        if number.check != digits[10]:
            raise NumberLooksMistyped()
        return number
