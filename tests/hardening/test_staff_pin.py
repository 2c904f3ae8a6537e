"""The staff PIN: stored only as an argon2 hash, set with `kiosk-app set-staff-pin`."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from kiosk_app.cli import main
from kiosk_app.staff_pin import (
    CREDENTIAL_NAME,
    LOCKOUT_S,
    PIN_HASH_FILE,
    PinRejected,
    StaffPinCheck,
    hash_pin,
    load_pin_hash,
)


def test_set_staff_pin_stores_a_private_argon2_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("90210777\n"))
    assert main(["set-staff-pin", "--state", str(tmp_path), "--pin-stdin"]) == 0

    stored = tmp_path / PIN_HASH_FILE
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    text = stored.read_text()
    assert text.startswith("$argon2id$") and "90210777" not in text
    check = StaffPinCheck(load_pin_hash(tmp_path, environ={}))
    assert check.verify("90210777") and not check.verify("90210778")


@pytest.mark.parametrize("pin", ["12345", "12a456", "1234567890123", "１２３４５６"])
def test_weak_or_untypeable_pins_are_refused(pin: str) -> None:
    with pytest.raises(PinRejected):
        hash_pin(pin)


def test_the_systemd_credential_wins_over_the_state_file(tmp_path: Path) -> None:
    (tmp_path / PIN_HASH_FILE).write_text(hash_pin("111111"))
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / CREDENTIAL_NAME).write_text(hash_pin("222222"))

    check = StaffPinCheck(load_pin_hash(tmp_path, {"CREDENTIALS_DIRECTORY": str(credentials)}))
    assert check.verify("222222") and not check.verify("111111")


def test_no_hash_means_no_pin_opens_the_exit(tmp_path: Path) -> None:
    check = StaffPinCheck(load_pin_hash(tmp_path, environ={}))
    assert not check.configured and not check.verify("")


def test_lockout_expires(tmp_path: Path) -> None:
    now = [0.0]
    check = StaffPinCheck(hash_pin("424242"), clock=lambda: now[0])
    for _ in range(3):
        check.verify("000000")
    assert not check.verify("424242")
    now[0] += LOCKOUT_S + 1
    assert check.verify("424242")
