"""Checks on the translation catalogs: placeholders kept, compiled file present and current."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from .i18n import DOMAIN, placeholders


@dataclass(frozen=True)
class CatalogReport:
    language: str
    translated: int
    total: int
    problems: tuple[str, ...]


def po_path(locale_dir: Path, language: str) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def check_catalog(locale_dir: Path, language: str, *, compiled: bool = True) -> CatalogReport:
    """Count translations and list problems; a bad placeholder is a problem, never shown."""
    po = po_path(locale_dir, language)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language.replace("_Hans", ""))
    problems: list[str] = []
    translated = total = 0
    for message in catalog:
        if not message.id:
            continue
        total += 1
        ids = [str(part) for part in _as_tuple(message.id)]
        strings = [str(part or "") for part in _as_tuple(message.string)]
        if not all(strings):
            continue
        translated += 1
        allowed = set().union(*(placeholders(part) for part in ids))
        for text in strings:
            found = placeholders(text)
            # Singular-only messages must keep every placeholder; plural forms may drop {n}.
            if found - allowed or (len(ids) == 1 and found != allowed):
                problems.append(f"{language}: placeholders differ in {ids[0]!r}")
    mo = po.with_suffix(".mo")
    if not compiled:
        pass
    elif not mo.exists():
        problems.append(f"{language}: not compiled (run make catalogs)")
    elif mo.stat().st_mtime < po.stat().st_mtime:
        problems.append(f"{language}: compiled catalog older than its .po (run make catalogs)")
    return CatalogReport(language, translated, total, tuple(problems))


def _as_tuple(value: object) -> tuple[object, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def languages_with_catalogs(locale_dir: Path) -> list[str]:
    return sorted(p.parent.parent.name for p in locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
