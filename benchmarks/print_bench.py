"""Printout rendering against the physical floor: the same device, page size and conversion
with nothing on it. A ratio near 1 means layout and text cost little beside the page itself."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import datetime


def _median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: fonts, glyph caches, Babel locale data
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure_printing(quick: bool) -> dict[str, float]:
    """Median A4 (first page image at 300 dpi) and receipt (1-bit at 203 dpi) render times,
    each also as a ratio to rendering an empty page of the same size in the same run."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QPainter

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - fonts need it

    from kiosk_app.core.catalog import seed_catalog
    from kiosk_app.core.checklist import generic_checklist
    from kiosk_app.core.printout import compose_printout
    from kiosk_app.qt.printing.a4 import a4_first_page_image, blank_a4_image
    from kiosk_app.qt.printing.receipt import blank_receipt, render_receipt

    runs = 5 if quick else 25
    checklist = generic_checklist(seed_catalog(), "settlement_9", "application")
    printed_at = datetime(2026, 3, 15, 10, 32)

    def text():  # type: ignore[no-untyped-def]
        return compose_printout(checklist, "ar", "Ausländerbehörde Darmstadt", printed_at)

    def empty_a4() -> None:
        image = blank_a4_image(300)
        painter = QPainter(image)
        painter.end()

    a4 = _median_ms(lambda: a4_first_page_image(text(), dpi=300), runs)
    a4_empty = _median_ms(empty_a4, runs)
    receipt = _median_ms(lambda: render_receipt(text(), dpi=203), runs)
    height_mm = render_receipt(text(), dpi=203).height() / 203 * 25.4
    receipt_empty = _median_ms(lambda: blank_receipt(203, 80.0, height_mm), runs)
    return {
        "a4_render_ms": round(a4, 2),
        "a4_render_ratio": round(a4 / a4_empty, 2),
        "receipt_render_ms": round(receipt, 2),
        "receipt_render_ratio": round(receipt / receipt_empty, 2),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(measure_printing(quick=True)))
