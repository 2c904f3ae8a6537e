"""Every item a finger can act on, on every screen: at least 12 mm at the configured dpi, and
named for assistive technology (EN 301 549 5.5.1, WCAG 2.5.8 / 4.1.2)."""

from __future__ import annotations

import pytest
from qml_tree import describe, ignored, interactive_items, name_of, root_item
from screens import ALL_SCREENS, reach

from kiosk_app.backend import KioskBackend
from kiosk_app.qt.app import KioskUi

MIN_TARGET_MM = 12.0


def _walk(ui: KioskUi, backend: KioskBackend, screen: str, lang: str) -> list:
    reach(ui, backend, screen, lang)
    items = list(interactive_items(root_item(ui.window)))
    assert items, f"{screen}: no interactive item found (is the tree walk broken?)"
    return items


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("screen", ALL_SCREENS)
def test_touch_targets_are_at_least_12_mm(
    a11y_kiosk: KioskUi, backend: KioskBackend, screen: str, large_text: bool
) -> None:
    dpi = a11y_kiosk.window.property("screenDpi")
    assert dpi and dpi >= 72, "Main.qml did not get the configured screen dpi"
    min_px = MIN_TARGET_MM * dpi / 25.4
    if large_text:
        a11y_kiosk.accessibility.toggleLargeText()
    small = [
        f"{describe(item)}: {item.width():.0f}x{item.height():.0f} px"
        f" = {item.width() * 25.4 / dpi:.1f}x{item.height() * 25.4 / dpi:.1f} mm"
        for item in _walk(a11y_kiosk, backend, screen, "de")
        if min(item.width(), item.height()) < min_px - 0.5
    ]
    assert not small, (
        f"{screen}: touch targets under {MIN_TARGET_MM} mm at {dpi} dpi:\n" + "\n".join(small)
    )


@pytest.mark.parametrize("screen", ALL_SCREENS)
def test_every_interactive_item_has_an_accessible_name(
    a11y_kiosk: KioskUi, backend: KioskBackend, screen: str
) -> None:
    a11y_kiosk.accessibility.toggleSpeech()  # the speech controls are interactive too
    unnamed = [
        describe(item)
        for item in _walk(a11y_kiosk, backend, screen, "en")
        if not name_of(item).strip() and not ignored(item)
    ]
    assert not unnamed, f"{screen}: interactive items without an accessible name:\n" + "\n".join(
        unnamed
    )
