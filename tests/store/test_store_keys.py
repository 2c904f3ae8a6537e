"""Key providers: systemd credential first, private key files only, a demo key made once."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

import pytest

from kiosk_app.store.errors import CacheKeyMissing, KeyFileMalformed, KeyFileTooOpen
from kiosk_app.store.keys import (
    CREDENTIAL_NAME,
    DemoKeyFile,
    KeyFileKey,
    KeyProvider,
    SystemdCredentialKey,
    resolve_key,
)


def write_key(path: Path, key: bytes, mode: int = 0o600) -> Path:
    path.write_text(key.hex() + "\n", encoding="ascii")
    path.chmod(mode)
    return path


def test_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = write_key(tmp_path / "key", secrets.token_bytes(32), 0o644)
    with pytest.raises(KeyFileTooOpen, match="chmod 600"):
        KeyFileKey(path).load()


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o602])
def test_any_group_or_other_bit_is_refused(tmp_path: Path, mode: int) -> None:
    path = write_key(tmp_path / "key", secrets.token_bytes(32), mode)
    with pytest.raises(KeyFileTooOpen):
        KeyFileKey(path).load()


@pytest.mark.parametrize("mode", [0o600, 0o400])
def test_private_key_file_is_accepted(tmp_path: Path, mode: int) -> None:
    key = secrets.token_bytes(32)
    path = write_key(tmp_path / "key", key, mode)
    assert KeyFileKey(path).load() == key


def test_key_file_whitespace_is_ignored(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    path = tmp_path / "key"
    path.write_text(f"  {key.hex()[:32]}\n{key.hex()[32:]}\n\n", encoding="ascii")
    path.chmod(0o600)
    assert KeyFileKey(path).load() == key


@pytest.mark.parametrize("content", ["zz" * 32, "ab" * 31, "ab" * 33, ""])
def test_malformed_key_file_is_an_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "key"
    path.write_text(content, encoding="ascii")
    path.chmod(0o600)
    with pytest.raises(KeyFileMalformed):
        KeyFileKey(path).load()


def test_missing_key_file_does_not_answer(tmp_path: Path) -> None:
    assert KeyFileKey(tmp_path / "absent").load() is None


def test_systemd_credential_is_picked_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    systemd_key, file_key = secrets.token_bytes(32), secrets.token_bytes(32)
    write_key(credentials / CREDENTIAL_NAME, systemd_key, 0o400)
    key_file = write_key(tmp_path / "key", file_key)
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))

    providers: list[KeyProvider] = [
        SystemdCredentialKey(),
        KeyFileKey(key_file),
        DemoKeyFile(tmp_path / "state"),
    ]

    assert resolve_key(providers) == systemd_key
    assert not (tmp_path / "state").exists(), "later providers must not even run"


def test_without_credentials_directory_the_next_provider_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    file_key = secrets.token_bytes(32)
    key_file = write_key(tmp_path / "key", file_key)
    assert resolve_key([SystemdCredentialKey(), KeyFileKey(key_file)]) == file_key


def test_credentials_directory_without_our_credential_does_not_answer(tmp_path: Path) -> None:
    assert SystemdCredentialKey({"CREDENTIALS_DIRECTORY": str(tmp_path)}).load() is None


def test_demo_key_is_generated_once_then_reused(tmp_path: Path) -> None:
    state = tmp_path / "state"
    provider = DemoKeyFile(state)

    first = provider.load()
    second = DemoKeyFile(state).load()

    assert len(first) == 32
    assert second == first
    assert stat.S_IMODE(provider.path.stat().st_mode) == 0o600
    assert provider.path.read_text(encoding="ascii").strip() == first.hex()
    assert [p.name for p in state.iterdir()] == [provider.path.name], "no temporary left"


def test_demo_key_losing_a_creation_race_reuses_the_winners_key(tmp_path: Path) -> None:
    provider = DemoKeyFile(tmp_path)
    winner = secrets.token_bytes(32)
    real_link = os.link

    def link_after_winner(src: str | Path, dst: str | Path) -> None:
        write_key(Path(dst), winner)  # the other process got there between our check and link
        real_link(src, dst)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "link", link_after_winner)
        assert provider.load() == winner
    assert [p.name for p in tmp_path.iterdir()] == [provider.path.name]


def test_demo_key_file_made_readable_by_others_is_refused(tmp_path: Path) -> None:
    provider = DemoKeyFile(tmp_path)
    provider.load()
    provider.path.chmod(0o644)
    with pytest.raises(KeyFileTooOpen):
        provider.load()


def test_no_provider_answering_lists_what_was_tried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    with pytest.raises(CacheKeyMissing) as raised:
        resolve_key([SystemdCredentialKey(), KeyFileKey(tmp_path / "absent")])
    message = str(raised.value)
    assert "systemd credential" in message
    assert str(tmp_path / "absent") in message


def test_error_messages_never_contain_the_key(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    path = write_key(tmp_path / "key", key, 0o644)
    with pytest.raises(KeyFileTooOpen) as raised:
        resolve_key([KeyFileKey(path)])
    assert key.hex() not in str(raised.value)
