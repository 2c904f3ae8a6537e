"""The report as the task force gets it: the PDF read back with pypdf (title, period in German
form, every section, "< 3", charts as images), the CSV files holding the PDF's tables, no case
number anywhere, the command end to end, and an empty period."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_data import NOVEMBER, gateway_engine, insert_month

from kiosk_app.cli import main
from sync.gateway.report import build_report
from sync.gateway.report.pdf import TITLE
from sync.gateway.report.suppression import PRIMARY

CREATED = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
SECTIONS = (
    "Nachfrage nach Sprache",
    "Statusabfragen nach Ergebnis und Status",
    "Termine und Vorlaufzeit",
    "Wartemarken und Wartezeiten",
    "Formulare nach Art",
    "Fragen nach Thema",
    "Verfügbarkeit der Kioske",
)
CASE_NUMBER = re.compile(r"[A-Z]{2}[-\s]?\d{4}[-\s]?\d{6}")


def text_of(pdf: Path) -> tuple[str, int]:
    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    images = sum(len(page.images) for page in reader.pages)
    return re.sub(r"\s+", " ", text), images


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("report")
    engine = gateway_engine(f"sqlite:///{folder / 'gateway.db'}")
    try:
        insert_month(engine)
        return build_report(engine, NOVEMBER, folder / "bericht.pdf", CREATED, folder / "csv")
    finally:
        engine.dispose()


def test_the_pdf_has_its_title_period_sections_and_charts(built) -> None:  # type: ignore[no-untyped-def]
    text, images = text_of(built.pdf)
    assert TITLE in text
    assert "Zeitraum: 01.11.2026 – 30.11.2026" in text
    assert "Vorperiode: 02.10.2026 – 31.10.2026" in text
    for number, heading in enumerate(SECTIONS, 1):
        assert f"{number}. {heading}" in text
    assert "Kennzahlen im Vergleich zur Vorperiode" in text
    assert "Synthetische Daten" in text  # the demo- devices are marked
    assert "demo-kiosk-01 (synthetisch)" in text
    assert images >= 8  # one chart per section with data, two for availability
    # Printer faults per device are few: small cells are shown as "< 3".
    faults = next(t for t in built.tables if t.key == "druckerstoerungen")
    assert any(PRIMARY in row for row in faults.body)
    assert PRIMARY in text


def test_the_csv_files_hold_the_tables_of_the_pdf(built) -> None:  # type: ignore[no-untyped-def]
    text, _images = text_of(built.pdf)
    assert len(built.csv_files) == len(built.tables)
    for path, table in zip(built.csv_files, built.tables, strict=True):
        with path.open(encoding="utf-8-sig", newline="") as source:
            rows = [tuple(row) for row in csv.reader(source, delimiter=";")]
        assert rows == table.all_rows()
        for row in rows[1:]:  # every body and total row is a line of the PDF's text
            assert " ".join(row) in text, (path.name, row)


def test_no_case_number_is_in_the_report(built) -> None:  # type: ignore[no-untyped-def]
    text, _images = text_of(built.pdf)
    assert not CASE_NUMBER.search(text)
    for path in built.csv_files:
        assert not CASE_NUMBER.search(path.read_text(encoding="utf-8-sig"))


def test_the_command_writes_pdf_and_csv(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'gateway.db'}"
    engine = gateway_engine(db_url)
    try:
        insert_month(engine)
    finally:
        engine.dispose()
    out, folder = tmp_path / "bericht.pdf", tmp_path / "tabellen"
    argv = ["gateway", "report", "--from", "01.11.2026", "--to", "2026-11-30"]
    assert main([*argv, "--out", str(out), "--csv", str(folder), "--db", db_url]) == 0
    text, images = text_of(out)
    assert "Zeitraum: 01.11.2026 – 30.11.2026" in text and images
    assert sorted(p.name for p in folder.iterdir())[:2] == [
        "01_kennzahlen.csv",
        "02_nachfrage_nach_sprache.csv",
    ]
    assert main(["gateway", "report", "--from", "30.11.2026", "--to", "01.11.2026",
                 "--out", str(out), "--db", db_url]) == 2  # fmt: skip


def test_an_empty_period_gives_a_valid_pdf_saying_so(tmp_path: Path) -> None:
    engine = gateway_engine(f"sqlite:///{tmp_path / 'gateway.db'}")
    try:
        built = build_report(engine, NOVEMBER, tmp_path / "leer.pdf", CREATED, tmp_path / "csv")
    finally:
        engine.dispose()
    text, images = text_of(built.pdf)
    assert "Für diesen Zeitraum liegen keine Zahlen vor" in text
    assert "Keine Daten im Zeitraum." in text
    assert "Noch keine Daten — die Wartemarken-Funktion ist noch nicht in Betrieb." in text
    for number, heading in enumerate(SECTIONS, 1):
        assert f"{number}. {heading}" in text
    assert images == 0
    assert "Synthetische Daten" not in text
