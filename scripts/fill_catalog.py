#!/usr/bin/env python3
"""Merge translations from a JSON file ({msgid: msgstr}, plurals keyed "singular||plural" with a
list) into ``locales/<lang>/LC_MESSAGES/kiosk_app.po``, creating the catalog from the template
when it does not exist yet. Used by translators' tooling; ``make catalogs`` compiles the result.

    .venv/bin/python scripts/fill_catalog.py de translations-de.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "locales" / "kiosk_app.pot"


def fill(language: str, translations: dict[str, str | list[str]]) -> tuple[int, int]:
    po_path = ROOT / "locales" / language / "LC_MESSAGES" / "kiosk_app.po"
    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    if po_path.exists():
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=language.replace("_Hans", ""))
        catalog.update(template, no_fuzzy_matching=True)
    else:
        catalog = Catalog(locale=language.replace("_Hans", ""), domain="kiosk_app")
        catalog.update(template, no_fuzzy_matching=True)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        key = "||".join(message.id) if isinstance(message.id, (tuple, list)) else message.id
        if key in translations:
            value = translations[key]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
            filled += 1
    po_path.parent.mkdir(parents=True, exist_ok=True)
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False)
    total = sum(1 for message in catalog if message.id)
    return filled, total


if __name__ == "__main__":
    lang, source = sys.argv[1], Path(sys.argv[2])
    done, total = fill(lang, json.loads(source.read_text(encoding="utf-8")))
    print(f"{lang}: {done}/{total} translated")
