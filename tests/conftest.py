"""Suite-wide fixtures.

``cheap_password_hashes``: staff passwords hashed in this test process use argon2's cheapest
parameters instead of the product's RFC 9106 ones (64 MiB, three passes: about half a second a
hash or a check on a busy CI machine, and the suite creates and signs in hundreds of staff
accounts). What a test asserts about accounts, lock-outs and sessions does not depend on the
cost; the product's parameters are tested once, in tests/sync/gateway/test_gateway_staff.py
(``test_passwords_are_hashed_with_rfc_9106_parameters``). Gateways started as subprocesses keep
the product's parameters.

``english_to_begin_with``: the language ``_()`` answers in is the process's (``core.i18n``), and
a test that switched a kiosk or a counter to German left it so for whatever test the same
pytest-xdist worker ran next (a CI run failed so: "11 digits" asserted, "11 Ziffern" shown).
Every test starts in English without the gateway's runtime texts, as a fresh process does; a
test that wants another language switches to it.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from kiosk_app.core import i18n


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes() -> Iterator[Any]:
    """Yields the product's hasher (``None`` without the gateway's packages: tests/core runs
    in an environment without them)."""
    if importlib.util.find_spec("argon2") is None:
        yield None
        return
    from argon2 import PasswordHasher, profiles

    from sync.gateway.staff import passwords

    product = passwords._hasher
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))
        passwords._dummy_hash.cache_clear()
        yield product
    passwords._dummy_hash.cache_clear()


@pytest.fixture(autouse=True)
def english_to_begin_with() -> None:
    i18n.activate("en")
    i18n.set_runtime_texts({})
    if "PySide6.QtGui" in sys.modules:  # the layout direction and locale a switch set, too
        from PySide6.QtCore import QLocale, Qt
        from PySide6.QtGui import QGuiApplication

        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication) and app.isRightToLeft():
            app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        QLocale.setDefault(QLocale.system())
