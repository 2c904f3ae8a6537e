"""The counter application used once as a clerk would, on a real X display (Xvfb, Qt's xcb
platform) with the keyboard alone (xdotool): ``kiosk-app demo`` runs the kiosk and its gateway,
``kiosk-app counter --demo`` joins it and signs the demo clerk in. The clerk signs out (Ctrl+Q)
and in again (name, Tab, password, Enter), presses F2, types the reference of a paper the demo
kiosk registered (in Turkish), ticks two documents off with Tab and Space, confirms with Enter
and prints the receipt with Ctrl+P. The gateway then has the documents received, audited under
the clerk, and the receipt PDF reads back in German and Turkish.

Skipped without Xvfb and xdotool, except in CI (``KIOSK_REQUIRE_DISPLAY=1``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_real_display import ARTIFACTS, Demo
from xserver import XDisplay, missing_tools, start_xvfb

from kiosk_app.backend import key_providers
from kiosk_app.config import KioskConfig
from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.checklist import PrintedReference
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.core.reference import new_reference
from kiosk_app.reference_queue import ReferenceQueue
from kiosk_app.store.connection import open_cache
from kiosk_app.store.keys import resolve_key
from kiosk_app.store.meta import CacheMeta
from sync.gateway.demo import DEMO_CLERK, DEMO_CLERK_PASSWORD


@pytest.fixture(scope="module")
def wide_display() -> Iterator[XDisplay]:
    if missing := missing_tools():
        reason = f"no {' or '.join(missing)} on this machine (scripts/ensure-system-deps --tests)"
        if os.environ.get("KIOSK_REQUIRE_DISPLAY") == "1":
            pytest.fail(reason + " and KIOSK_REQUIRE_DISPLAY=1", pytrace=False)
        pytest.skip(reason)
    xvfb = start_xvfb(3000, 1920)  # the kiosk (1080 wide) and the counter (1920) side by side
    yield xvfb
    xvfb.stop()


def wait_for(what: str, check: Callable[[], object], timeout_s: float = 60.0) -> object:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.25)
    raise AssertionError(f"waited {timeout_s} s for {what}")


def query(db: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        return list(conn.execute(sql, args))


def case_with_missing(db: Path, at_least: int) -> tuple[str, list[str]]:
    for number, missing in query(
        db, "SELECT case_number, missing_documents FROM cases WHERE status = 'documents_missing'"
    ):
        codes = json.loads(str(missing))
        if len(codes) >= at_least:
            return str(number), codes
    raise AssertionError("the demo has no case with enough missing documents")


def kiosk_paper(state: Path, gateway_db: Path, number: str, documents: list[str]) -> str:
    """What the demo kiosk does when it prints a checklist in Turkish: queue the paper's
    reference in its encrypted outbox (its sync engine takes it to the gateway)."""
    config = KioskConfig(state_dir=state, demo=True)
    key = resolve_key(key_providers(config))
    with_pepper = open_cache(config.cache_path, key)
    try:
        pepper = CacheMeta(with_pepper).pepper
    finally:
        with_pepper.close()
    assert pepper is not None
    birth = query(gateway_db, "SELECT birth_date FROM cases WHERE case_number = ?", number)
    lookup_key = derive_lookup_key(
        pepper, CaseNumber.parse(number), date.fromisoformat(str(birth[0][0])[:10])
    )
    paper = PrintedReference(new_reference(), lookup_key, tuple(documents), language="tr")
    queue = ReferenceQueue(lambda: open_cache(config.cache_path, key))
    try:
        queue.register(paper).result(timeout=30)
    finally:
        queue.close()
    return paper.reference


def test_a_clerk_uses_the_counter_by_keyboard(wide_display: XDisplay, tmp_path: Path) -> None:
    state = tmp_path / "state"
    demo = Demo(wide_display, state)
    counter_log = tmp_path / "counter.log"
    counter: subprocess.Popen[bytes] | None = None
    try:
        demo.gateway_pid()
        gateway_db = state / "gateway.db"
        number, missing = case_with_missing(gateway_db, 3)
        counter = subprocess.Popen(
            [sys.executable, "-m", "kiosk_app.cli", "counter", "--demo"],
            env=wide_display.env(KIOSK_STATE_DIR=str(state), PYTHONUNBUFFERED="1"),
            stdout=counter_log.open("w"),
            stderr=subprocess.STDOUT,
        )
        window, _x, _y = wide_display.window_of(counter.pid)
        wide_display.xdotool("windowmove", window, "1080", "0")
        wait_for(
            "the demo clerk's session",
            lambda: query(gateway_db, "SELECT 1 FROM staff_sessions WHERE ended_at IS NULL"),
        )
        # No window manager under Xvfb: the counter gets the keyboard focus explicitly.
        wide_display.xdotool("windowfocus", "--sync", window)
        time.sleep(1.0)  # the today list's first refresh

        def keys(*names: str) -> None:
            for name in names:
                wide_display.xdotool("key", name)
                time.sleep(0.25)

        reference = kiosk_paper(state, gateway_db, number, missing)
        wait_for(
            "the paper's reference at the gateway",
            lambda: query(
                gateway_db, "SELECT 1 FROM printed_references WHERE reference = ?", reference
            ),
        )

        def typed(text: str) -> None:
            wide_display.xdotool("type", "--delay", "100", text)  # a person's pace, not a scan

        keys("ctrl+q")  # the demo signed the clerk in: out, and in again by keyboard
        wait_for(
            "the demo session ended",
            lambda: not query(gateway_db, "SELECT 1 FROM staff_sessions WHERE ended_at IS NULL"),
            timeout_s=30,
        )
        time.sleep(0.5)
        keys("ctrl+a")
        typed(DEMO_CLERK)
        keys("Tab")
        typed(DEMO_CLERK_PASSWORD)
        keys("Return")
        wait_for(
            "the clerk's new session",
            lambda: query(gateway_db, "SELECT 1 FROM staff_sessions WHERE ended_at IS NULL"),
            timeout_s=30,
        )
        time.sleep(1.0)
        keys("F2")
        typed(f"{reference[:5]} {reference[5:]}")  # as printed under the QR code
        keys("Return")
        wait_for(
            "the case read at the gateway",
            lambda: query(
                gateway_db,
                "SELECT 1 FROM audit_log WHERE case_number = ? AND action = 'read_reference'",
                number,
            ),
        )
        time.sleep(1.0)
        if ARTIFACTS is not None:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            wide_display.screenshot(ARTIFACTS / "xcb-counter-case.png")
        # Focus order from the case field: Open, Print receipt, then the missing documents.
        keys("Tab", "Tab", "Tab", "space", "Tab", "space", "Tab", "Tab", "Return")

        def remaining() -> list[str] | None:
            rows = query(
                gateway_db, "SELECT missing_documents FROM cases WHERE case_number = ?", number
            )
            codes = json.loads(str(rows[0][0]))
            return codes if len(codes) == len(missing) - 2 else None

        left = wait_for("two documents received at the gateway", remaining, timeout_s=30)
        assert left == missing[2:]
        received = query(
            gateway_db,
            "SELECT code, username FROM received_documents WHERE case_number = ? ORDER BY code",
            number,
        )
        assert received == sorted((code, "demo.clerk") for code in missing[:2])
        writes = query(
            gateway_db,
            "SELECT username FROM audit_log WHERE case_number = ? AND action NOT LIKE 'read%'",
            number,
        )
        assert writes and {row[0] for row in writes} == {"demo.clerk"}

        keys("ctrl+p")
        printouts = state / "counter" / "printouts"
        receipt = wait_for(
            "the receipt PDF",
            lambda: (
                sorted(printouts.glob("eingangsbestaetigung-*.pdf")) if printouts.exists() else None
            ),
            timeout_s=30,
        )
        assert isinstance(receipt, list)
        text = " ".join(PdfReader(receipt[-1]).pages[0].extract_text().split())
        assert "Eingangsbestätigung" in text and number in text
        assert "Belge teslim alındı belgesi" in text  # the resident's language: Turkish
        if ARTIFACTS is not None:
            wide_display.screenshot(ARTIFACTS / "xcb-counter-received.png")

        keys("ctrl+q")  # sign out: the session ends at the gateway
        wait_for(
            "the session ended",
            lambda: not query(gateway_db, "SELECT 1 FROM staff_sessions WHERE ended_at IS NULL"),
            timeout_s=30,
        )
        assert counter.poll() is None, counter_log.read_text()
    finally:
        if counter is not None and counter.poll() is None:
            counter.terminate()
            try:
                counter.wait(timeout=20)
            except subprocess.TimeoutExpired:
                counter.kill()
        demo.stop()
    log = counter_log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log
    assert number not in log  # no case number in the counter's output
