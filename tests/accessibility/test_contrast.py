"""Text contrast in both themes (WCAG 1.4.3): at least 4.5:1, 3:1 for large text. The colours
come from the loaded Theme singleton and from the live items, never from a copied list."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from qml_tree import (
    background_of,
    contrast_ratio,
    describe,
    effective_opacity,
    root_item,
    texts,
    theme_value,
)
from screens import ALL_SCREENS, reach

from kiosk_app.backend import KioskBackend
from kiosk_app.qt.app import KioskUi

# Which Theme colour is written on which: every text role on every surface it is used on.
TEXT_ON = {
    "text": ("background", "surface", "secondary", "secondaryPressed", "demoBackground"),
    "textMuted": ("background", "surface", "demoBackground"),
    "textOnPrimary": ("primary", "primaryPressed"),
    "errorText": ("errorBackground", "surface", "background"),
}
# Colour that carries meaning without text (tone bars, focus ring, dots): 3:1 (WCAG 1.4.11).
NON_TEXT_ON = {
    "toneInfo": ("surface",),
    "toneAction": ("surface",),
    "toneGood": ("surface",),
    "focus": ("surface",),
    "primary": ("background", "surface"),
}
LARGE_PT, LARGE_BOLD_PT = 18.0, 14.0


def _color(ui: KioskUi, name: str) -> QColor:
    value = theme_value(ui.window, name)
    assert isinstance(value, QColor), f"Theme.{name} is not a colour"
    return value


def _themes(ui: KioskUi, high_contrast: bool) -> None:
    if ui.accessibility.highContrast != high_contrast:
        ui.accessibility.toggleHighContrast()
    assert theme_value(ui.window, "highContrast") is high_contrast


@pytest.mark.parametrize("high_contrast", [False, True], ids=["standard", "high-contrast"])
def test_theme_colour_pairs(a11y_kiosk: KioskUi, high_contrast: bool) -> None:
    _themes(a11y_kiosk, high_contrast)
    failures = []
    for pairs, minimum in ((TEXT_ON, 4.5), (NON_TEXT_ON, 3.0)):
        for foreground, backgrounds in pairs.items():
            for background in backgrounds:
                ratio = contrast_ratio(
                    _color(a11y_kiosk, foreground), _color(a11y_kiosk, background)
                )
                if ratio < minimum:
                    failures.append(f"{foreground} on {background}: {ratio:.2f}:1 < {minimum}:1")
    assert not failures, "\n".join(failures)


def _is_large(item, dpi: float) -> bool:
    px_per_pt = dpi / 72.0
    font = item.property("font")
    size = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * px_per_pt
    bold = font.weight() >= 600
    return size >= LARGE_PT * px_per_pt or (bold and size >= LARGE_BOLD_PT * px_per_pt)


@pytest.mark.parametrize("high_contrast", [False, True], ids=["standard", "high-contrast"])
@pytest.mark.parametrize("screen", ALL_SCREENS)
def test_every_text_on_screen_has_enough_contrast(
    a11y_kiosk: KioskUi, backend: KioskBackend, screen: str, high_contrast: bool
) -> None:
    """Each visible text against the opaque colour actually under it (disabled items exempt)."""
    _themes(a11y_kiosk, high_contrast)
    reach(a11y_kiosk, backend, screen, "en")
    dpi = float(a11y_kiosk.window.property("screenDpi"))
    failures = []
    for item in texts(root_item(a11y_kiosk.window)):
        if effective_opacity(item) < 0.99 or not item.isEnabled():
            continue  # a disabled control (WCAG 1.4.3 exempts inactive components)
        background = background_of(item)
        foreground = item.property("color")
        if background is None or not isinstance(foreground, QColor):
            continue
        large = _is_large(item, dpi)
        ratio = contrast_ratio(foreground, background)
        if ratio < (3.0 if large else 4.5):
            failures.append(
                f"{describe(item)}: {foreground.name()} on {background.name()} = {ratio:.2f}:1"
                f"{' (large)' if large else ''}"
            )
    assert not failures, f"{screen}: texts with too little contrast:\n" + "\n".join(failures)
