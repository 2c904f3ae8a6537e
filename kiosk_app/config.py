"""Where the kiosk keeps its state and how it behaves; no Qt, no database driver."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.core.languages import DEFAULT_LANGUAGE
from kiosk_app.core.office import DEFAULT_PREFIX, DEFAULT_STATE

CACHE_FILE = "cache.db"
DEMO_SAMPLES_FILE = "demo-samples.json"


def default_state_dir() -> Path:
    """``$KIOSK_STATE_DIR``, else ``$XDG_STATE_HOME/kiosk-app`` or ``~/.local/state/kiosk-app``."""
    if explicit := os.environ.get("KIOSK_STATE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "kiosk-app"


PrinterBackend = Literal["pdf", "cups", "escpos", "none"]


@dataclass(frozen=True)
class PrinterConfig:
    """Which printer the kiosk uses (docs/printing.md).

    ``pdf`` writes A4 PDFs into ``pdf_dir`` (demo, tests), ``cups`` prints A4 through QPrinter
    (``cups_printer`` empty: the system default), ``escpos`` prints an 80 mm receipt image to
    ``escpos_device`` (``/dev/usb/lp0``, ``tcp://host:9100``, ``usb:VID:PID`` or ``dummy``).
    """

    backend: PrinterBackend = "pdf"
    pdf_dir: Path | None = None  # default: <state_dir>/printouts
    cups_printer: str = ""
    escpos_device: str = "/dev/usb/lp0"
    dpi: int = 203  # thermal receipt printers print 8 dots per mm
    receipt_width_mm: float = 80.0
    timeout_s: float = 20.0  # a job not done by then is reported as failed


@dataclass(frozen=True)
class KioskConfig:
    state_dir: Path = field(default_factory=default_state_dir)
    key_file: Path | None = None
    demo: bool = False
    office_prefix: str = DEFAULT_PREFIX
    office_name: str = "Ausländerbehörde Darmstadt"
    office_state: str = DEFAULT_STATE  # German state whose public holidays close the office
    default_language: str = DEFAULT_LANGUAGE
    idle: IdlePolicy = field(default_factory=IdlePolicy)
    width: int = 1080
    height: int = 1920
    windowed: bool = False  # full screen unless demo or asked for (staff testing, benchmarks)
    ca_bundle: Path | None = None  # the office's CA for the gateway's TLS; default: system store
    stale_after_min: int = 30  # older data gets a "may be out of date" note on the result
    printer: PrinterConfig = field(default_factory=PrinterConfig)
    # The touch screen's pixel density: touch targets are at least 12 mm at this dpi. 102 dpi is a
    # 21.5" full-HD stele, the densest (so smallest-target) panel of the usual kiosk sizes.
    screen_dpi: float = 102.0
    # QtTextToSpeech engine for read-aloud: "speechd" (speech-dispatcher + espeak-ng) or "mock".
    speech_engine: str = "speechd"
    # Every "now" and "today" of the kiosk (lookups, booking days, printouts, the sync engine's
    # view of the gateway's clock); tests fix it to an instant of their choosing.
    time: OfficeTime = field(default_factory=OfficeTime, compare=False)

    @property
    def cache_path(self) -> Path:
        return self.state_dir / CACHE_FILE

    @property
    def demo_samples_path(self) -> Path:
        return self.state_dir / DEMO_SAMPLES_FILE

    @property
    def printout_dir(self) -> Path:
        return self.printer.pdf_dir or self.state_dir / "printouts"
