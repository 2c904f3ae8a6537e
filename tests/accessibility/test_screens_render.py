"""Screenshot smoke: every screen in every launch language renders, and no visible text is cut
off: wider than its item without elision, wrapped past its item's height, elided, or running
off the window's edge. A failure names screen, language and string."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from qml_tree import describe, qml_eval, root_item, scene_rect, texts
from screens import ALL_SCREENS, reach

from kiosk_app.backend import KioskBackend
from kiosk_app.core.languages import LANGUAGES
from kiosk_app.qt.app import KioskUi

SLACK = 1.5  # px of rounding


def _enum(item: QQuickItem, name: str) -> int:
    return int(qml_eval(item, f"Number({name})"))  # type: ignore[call-overload]


def _in_flickable(item: QQuickItem) -> bool:
    current = item.parentItem()
    while current is not None:
        if current.inherits("QQuickFlickable"):
            return True
        current = current.parentItem()
    return False


def below_the_screen(item: QQuickItem, screen_bottom: float) -> str:
    """A text that does not scroll must end above the accessibility bar (which would hide it)."""
    _x, y, _w, h = scene_rect(item)
    if not _in_flickable(item) and y + h > screen_bottom + SLACK:
        return f"ends at y {y + h:.0f}, below the screen's area (y {screen_bottom:.0f})"
    return ""


def clipping(item: QQuickItem, window_width: float) -> str:
    """Why this visible text is cut off, or '' when it is shown whole."""
    width, height = item.width(), item.height()
    natural_width = item.implicitWidth()
    elide = _enum(item, "elide")  # 0: Text.ElideNone
    wraps = _enum(item, "wrapMode") != 0
    fits_font = _enum(item, "fontSizeMode") != 0  # shrinks to fit before it elides
    if item.property("truncated"):
        return "elided"
    if not wraps and not elide and not fits_font and natural_width > width + SLACK:
        return f"{natural_width:.0f} px of text in {width:.0f} px"
    if wraps and item.property("contentWidth") > width + SLACK:
        return f"a word of {item.property('contentWidth'):.0f} px in {width:.0f} px"
    if wraps and not fits_font and item.property("contentHeight") > height + SLACK:
        return f"{item.property('contentHeight'):.0f} px of lines in {height:.0f} px"
    x, _y, w, _h = scene_rect(item)
    painted = min(w, item.property("contentWidth") or w)
    left = x + (w - painted if _enum(item, "effectiveHorizontalAlignment") == 2 else 0)
    if left < -SLACK or left + painted > window_width + SLACK:
        return f"runs off the window (x {left:.0f}..{left + painted:.0f})"
    return ""


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("lang", [lang.code for lang in LANGUAGES])
def test_every_screen_renders_whole(
    a11y_kiosk: KioskUi, backend: KioskBackend, lang: str, large_text: bool
) -> None:
    failures = []
    if large_text:
        a11y_kiosk.accessibility.toggleLargeText()
    window_width = a11y_kiosk.window.width()
    for screen in ALL_SCREENS:
        reach(a11y_kiosk, backend, screen, lang)
        image = QGuiApplication.primaryScreen().grabWindow(a11y_kiosk.window.winId())
        assert not image.isNull(), f"{screen} in {lang} did not render"
        loader = a11y_kiosk.item("screen_loader")
        assert loader is not None
        _lx, top, _lw, height = scene_rect(loader)
        screen_item = loader.property("item")
        for item in texts(root_item(a11y_kiosk.window)):
            why = clipping(item, window_width)
            if not why and screen_item is not None and screen_item.isAncestorOf(item):
                why = below_the_screen(item, top + height)
            if why:
                failures.append(
                    f"{screen} [{lang}] {item.property('text')!r}: {why} ({describe(item)})"
                )
    assert not failures, "clipped text:\n" + "\n".join(failures)
