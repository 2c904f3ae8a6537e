import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_app.core.case_number import CaseNumber, damm_check_digit
from kiosk_app.core.errors import CaseNumberIncomplete, NumberLooksMistyped

NUMBER = CaseNumber("DA", 2026, 123)


def test_canonical_form_has_prefix_year_serial_and_check() -> None:
    assert NUMBER.canonical == f"DA-2026-000123-{NUMBER.check}"


@pytest.mark.parametrize(
    "typed",
    [
        "DA-2026-000123-{c}",
        "da 2026 000123 {c}",
        "2026000123{c}",
        "DA2026-000123{c}",
        " D A - 2O26 - OOO123 - {c} ",  # letter O for zero, spaces everywhere
        "DA.2026.000123.{c}",
    ],
)
def test_parse_normalises_what_people_type(typed: str) -> None:
    text = typed.replace("D A", "DA").format(c=NUMBER.check)
    assert CaseNumber.parse(text) == NUMBER


def test_wrong_check_digit_is_caught_before_lookup() -> None:
    wrong = str((int(NUMBER.check) + 1) % 10)
    with pytest.raises(NumberLooksMistyped):
        CaseNumber.parse(f"DA-2026-000123-{wrong}")


@pytest.mark.parametrize("typed", ["", "DA-2026-0001", "DA-2026-000123-45", "DA-2026-00A123-1"])
def test_wrong_length_or_letters_is_incomplete(typed: str) -> None:
    with pytest.raises(CaseNumberIncomplete):
        CaseNumber.parse(typed)


@given(st.integers(2000, 2099), st.integers(1, 999_999), st.integers(0, 9), st.integers(1, 9))
def test_every_single_digit_typo_is_caught(
    year: int, serial: int, position: int, delta: int
) -> None:
    number = CaseNumber("DA", year, serial)
    digits = list(f"{year:04d}{serial:06d}{number.check}")
    digits[position] = str((int(digits[position]) + delta) % 10)
    with pytest.raises(NumberLooksMistyped):
        CaseNumber.parse("".join(digits))


@given(st.integers(2000, 2099), st.integers(1, 999_999), st.integers(0, 9))
def test_swapped_neighbours_are_caught(year: int, serial: int, position: int) -> None:
    number = CaseNumber("DA", year, serial)
    digits = list(f"{year:04d}{serial:06d}{number.check}")
    if digits[position] == digits[position + 1]:
        return
    digits[position], digits[position + 1] = digits[position + 1], digits[position]
    with pytest.raises(NumberLooksMistyped):
        CaseNumber.parse("".join(digits))


def test_damm_known_value() -> None:
    # The worked example of the algorithm's published description: 572 -> 4.
    assert damm_check_digit("572") == "4"


def test_masked_keeps_only_the_end_of_the_serial() -> None:
    assert NUMBER.masked() == f"DA-2026-••••23-{NUMBER.check}"
