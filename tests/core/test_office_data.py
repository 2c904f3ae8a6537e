"""The office's data the answers name (issue 16): the demo office's file reads as the demo's
values, the wire form goes there and back, and a wrong entry is refused with its name."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kiosk_app.core.office_data import (
    OfficeDataError,
    demo_office_file,
    office_values,
    office_wire,
    read_office_file,
)
from kiosk_app.core.snippet_fill import demo_office_values


def test_the_demo_office_file_is_the_demo_office() -> None:
    wire = read_office_file(demo_office_file())
    assert office_values(wire) == demo_office_values()
    assert office_wire(demo_office_values()) == wire
    assert wire["fee.extension"] == "100" and wire["office.hours"][0] == {  # type: ignore[index]
        "day": 0,
        "opens": "08:00",
        "closes": "12:00",
    }


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        ({"fee.extenson": "100"}, "fee.extenson"),  # a typo is not a placeholder
        ({"case.status": "x"}, "case.status"),  # case data is never the office's
        ({"fee.extension": "hundert"}, "fee.extension"),
        ({"fee.extension": "-5"}, "fee.extension"),
        ({"card.production_weeks": "6"}, "card.production_weeks"),
        ({"office.hours": [{"day": 7, "opens": "08:00", "closes": "12:00"}]}, "office.hours"),
        ({"office.hours": [{"day": 0, "opens": "12:00", "closes": "08:00"}]}, "office.hours"),
        ({"office.hours": [{"day": 0, "opens": "8 Uhr", "closes": "12:00"}]}, "office.hours"),
        ({"office.name": ""}, "office.name"),
    ],
)
def test_a_wrong_entry_is_refused_with_its_name(entry: dict[str, object], named: str) -> None:
    with pytest.raises(OfficeDataError, match=named.replace(".", r"\.")):
        office_values(entry)


def test_money_keeps_its_cents_and_a_broken_file_names_itself(tmp_path: Path) -> None:
    assert office_values({"fee.extension": "96.50"}) == {"fee.extension": Decimal("96.50")}
    broken = tmp_path / "office.toml"
    broken.write_text('"fee.extension" = ', encoding="utf-8")
    with pytest.raises(OfficeDataError, match=r"office\.toml"):
        read_office_file(broken)
