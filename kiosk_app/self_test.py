"""``kiosk-app self-test``: one line per check, non-zero exit when any fails.

Run by staff after installation and by the service before the kiosk starts; it prints no
personal data, only counts and versions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk_app.config import KioskConfig
from kiosk_app.core.catalog_check import check_catalog, languages_with_catalogs
from kiosk_app.core.i18n import LOCALE_DIR

REQUIRED_LANGUAGES = ("de", "en")
# Writing systems the ten launch languages need glyphs for (QFontDatabase.WritingSystem names).
REQUIRED_SCRIPTS = ("Latin", "Cyrillic", "Arabic", "SimplifiedChinese")


def check_key(config: KioskConfig) -> str:
    from kiosk_app.backend import key_providers
    from kiosk_app.store.keys import resolve_key

    resolve_key(key_providers(config))
    return "a cache key is available"


def check_cache(config: KioskConfig) -> str:
    from kiosk_app.backend import open_backend

    backend = open_backend(config)
    try:
        conn = backend.cache.connection
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
        integrity = conn.execute("PRAGMA quick_check").fetchone()[0]
        if integrity != "ok":
            raise RuntimeError(f"integrity check says {integrity}")
        if backend.meta.pepper is None:
            raise RuntimeError("no dataset yet: enroll this kiosk or run `kiosk-app demo`")
        return f"encrypted (SQLCipher {cipher}), {backend.cache.count()} cases, integrity ok"
    finally:
        backend.close()


def check_qml(config: KioskConfig) -> str:
    from kiosk_app.qt.app import check_qml_loads

    errors = check_qml_loads(config)
    if errors:
        raise RuntimeError("; ".join(errors[:3]))
    return "Main.qml loads without errors"


def check_catalogs(locale_dir: Path = LOCALE_DIR) -> str:
    present = languages_with_catalogs(locale_dir)
    missing = [lang for lang in REQUIRED_LANGUAGES if lang not in present]
    if missing:
        raise RuntimeError(f"missing catalogs: {', '.join(missing)}")
    problems: list[str] = []
    summary: list[str] = []
    for language in present:
        report = check_catalog(locale_dir, language)
        problems.extend(report.problems)
        summary.append(f"{language} {report.translated}/{report.total}")
    if problems:
        raise RuntimeError("; ".join(problems[:3]))
    return ", ".join(summary)


def check_holidays(config: KioskConfig) -> str:
    """The holiday library and its German names are there (the bundle carries them by hand)."""
    from kiosk_app.core.office_days import public_holidays

    year = config.time.today().year
    found = public_holidays(config.office_state, year)
    if not found:
        raise RuntimeError(f"no public holidays known for {config.office_state} in {year}")
    return f"{len(found)} public holidays in {config.office_state} in {year}"


def check_forms() -> str:
    """The request forms are there (the bundle carries content/forms by hand)."""
    from kiosk_app.core.forms.definition import load_forms

    forms = load_forms()
    if not forms:
        raise RuntimeError("no form definitions found: requests cannot be made")
    return f"{len(forms)} forms"


def check_pinyin() -> str:
    """The Chinese input's Pinyin table reads and finds an office word."""
    import time

    from kiosk_app.core.pinyin_input import PinyinTable, candidates

    start = time.perf_counter()
    table = PinyinTable.load()
    took = time.perf_counter() - start
    found = candidates("shenqing", 1, table)
    if not found or found[0].text != "申请":
        raise RuntimeError("the Pinyin table does not find 申请 for shenqing")
    return f"table read in {took * 1000:.0f} ms"


def check_fonts() -> str:
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])
    found = []
    for script in REQUIRED_SCRIPTS:
        families = QFontDatabase.families(getattr(QFontDatabase.WritingSystem, script))
        if not families:
            raise RuntimeError(
                f"no font for {script} script (install fonts-noto-core, fonts-noto-cjk)"
            )
        found.append(f"{script}: {families[0]}")
    return ", ".join(found)


# Families the theme names (Theme.qml, the app's fallback list, the accessibility pictograms).
REQUIRED_FAMILIES = (
    "Noto Sans",
    "Noto Naskh Arabic",
    "Noto Sans Arabic",  # printouts (kiosk_app/qt/printing/document.py)
    "Noto Sans CJK SC",
    "Noto Sans Symbols2",
    "DejaVu Sans Mono",
)


def check_font_families() -> str:
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])
    installed = set(QFontDatabase.families())
    missing = [family for family in REQUIRED_FAMILIES if family not in installed]
    if missing:
        raise RuntimeError(f"missing fonts: {', '.join(missing)} (install fonts-noto-core)")
    return ", ".join(REQUIRED_FAMILIES)


def check_voices(config: KioskConfig) -> str:
    """Which launch languages read aloud has a voice for; never a failure (the kiosk works
    without speech, its button is then disabled with a note). Asked of the speech worker as
    the kiosk asks it, so a wedged speech-dispatcher costs at most its start-up deadline."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QGuiApplication

    from kiosk_app.core.languages import LANGUAGES
    from kiosk_app.qt.speech import READY_TIMEOUT_MS, SpeechOutput

    _app = QGuiApplication.instance() or QGuiApplication([])
    speech = SpeechOutput(config.speech_engine)
    wait = QEventLoop()
    speech.readyChanged.connect(wait.quit)
    QTimer.singleShot(READY_TIMEOUT_MS + 2000, wait.quit)  # the worker's deadline comes first
    speech.start()
    if not speech.prepared:
        wait.exec()
    try:
        if not speech.prepared or speech.failure is not None:
            problem = speech.problem or "no answer from the speech worker"
            return f"read aloud unavailable ({config.speech_engine}): {problem}"
        codes = [language.code for language in LANGUAGES]
        voiced = speech.languages_with_voice(codes)
    finally:
        speech.shutdown()
    silent = [code for code in codes if code not in voiced]
    line = f"{config.speech_engine}: voices for {len(voiced)}/{len(codes)}: {', '.join(voiced)}"
    return line + (f"; none for {', '.join(silent)}" if silent else "")


def run_self_test(config: KioskConfig) -> int:
    checks: list[tuple[str, Callable[[], str]]] = [
        ("key", lambda: check_key(config)),
        ("cache", lambda: check_cache(config)),
        ("qml", lambda: check_qml(config)),
        ("catalogs", check_catalogs),
        ("holidays", lambda: check_holidays(config)),
        ("forms", check_forms),
        ("pinyin", check_pinyin),
        ("fonts", check_fonts),
        ("families", check_font_families),
        ("voices", lambda: check_voices(config)),
    ]
    failures = 0
    for name, check in checks:
        try:
            detail = check()
        except Exception as error:  # every failure becomes one readable line
            failures += 1
            print(f"FAIL  {name:<9} {error}")
        else:
            print(f"ok    {name:<9} {detail}")
    return 1 if failures else 0
