"""Walking the live QML item tree: what is visible, what reacts to a touch, what it is called,
which colour a text sits on. Generic over screens, so new screens are checked as they land."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import SIGNAL, QPointF
from PySide6.QtGui import QColor, QWindow
from PySide6.QtQml import QQmlExpression, qmlContext
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk_app.qt.speech import accessible_name, is_button

TAP_SIGNALS = (
    SIGNAL("clicked(QQuickMouseEvent*)"),
    SIGNAL("pressed(QQuickMouseEvent*)"),
    SIGNAL("released(QQuickMouseEvent*)"),
    SIGNAL("pressAndHold(QQuickMouseEvent*)"),
)


def root_item(window: QWindow) -> QQuickItem:
    assert isinstance(window, QQuickWindow)
    return window.contentItem()


def visible_items(root: QQuickItem) -> Iterator[QQuickItem]:
    """Every visible item under ``root`` (an invisible item hides its whole subtree)."""
    pending = [root]
    while pending:
        item = pending.pop()
        if not item.isVisible() or item.opacity() == 0:
            continue
        yield item
        pending.extend(reversed(item.childItems()))


def effective_opacity(item: QQuickItem) -> float:
    opacity = 1.0
    current: QQuickItem | None = item
    while current is not None:
        opacity *= current.opacity()
        current = current.parentItem()
    return opacity


def _reacts(item: QQuickItem) -> bool:
    if item.inherits("QQuickMouseArea"):
        return item.isEnabled() and any(item.receivers(s) > 0 for s in TAP_SIGNALS)
    return any(
        child.inherits("QQuickTapHandler")
        and child.receivers(SIGNAL("tapped(QEventPoint,Qt::MouseButton)"))
        for child in item.children()
    )


def interactive_items(root: QQuickItem) -> Iterator[QQuickItem]:
    """Visible items a finger can act on: accessible buttons, MouseAreas with a handler, items
    with a TapHandler. A MouseArea that only blocks touches behind an overlay does not count."""
    for item in visible_items(root):
        if is_button(item) or _reacts(item):
            yield item


def ignored(item: QQuickItem) -> bool:
    """``Accessible.ignored``: kept out of the accessibility tree on purpose (blank cells)."""
    current: QQuickItem | None = item
    while current is not None:
        for child in current.children():
            if child.inherits("QQuickAccessibleAttached") and child.property("ignored"):
                return True
        current = current.parentItem()
    return False


def name_of(item: QQuickItem) -> str:
    """The accessible name of the item or of the nearest ancestor that has one."""
    current: QQuickItem | None = item
    while current is not None:
        name = accessible_name(current)
        if name.strip():
            return name
        current = current.parentItem()
    return ""


def describe(item: QQuickItem) -> str:
    """objectName path (or class names) and any text, for a failure message."""
    path = []
    current: QQuickItem | None = item
    while current is not None and len(path) < 6:
        path.append(current.objectName() or current.metaObject().className().split("_QML")[0])
        current = current.parentItem()
    text = item.property("text")
    shown = f" text={text!r}" if text else ""
    return " < ".join(path) + shown


def scene_rect(item: QQuickItem) -> tuple[float, float, float, float]:
    top_left = item.mapToScene(QPointF(0, 0))
    return top_left.x(), top_left.y(), item.width(), item.height()


def texts(root: QQuickItem) -> Iterator[QQuickItem]:
    for item in visible_items(root):
        if item.inherits("QQuickText") and str(item.property("text") or "").strip():
            yield item


def background_of(item: QQuickItem) -> QColor | None:
    """The colour under a text: its nearest opaque Rectangle ancestor (or the window's)."""
    current = item.parentItem()
    while current is not None:
        if current.inherits("QQuickRectangle"):
            color = current.property("color")
            if isinstance(color, QColor) and color.alpha() == 255:
                return color
        current = current.parentItem()
    window = item.window()
    color = window.property("color") if window is not None else None
    return color if isinstance(color, QColor) else None


def qml_eval(item: QQuickItem, expression: str) -> object:
    """``expression`` evaluated with ``item`` in scope (enum properties PySide6 cannot read)."""
    context = qmlContext(item)
    assert context is not None, f"{describe(item)} has no QML context"
    value, failed = QQmlExpression(context, item, expression).evaluate()
    assert not failed, f"cannot evaluate {expression!r} on {describe(item)}"
    return value


def theme_value(window: QWindow, name: str) -> object:
    """A property of the loaded Theme singleton, read through Main.qml's own imports."""
    root = root_item(window)
    holder = root.childItems()[0]  # the content item declared in Main.qml
    context = qmlContext(holder)
    assert context is not None
    value, failed = QQmlExpression(context, holder, f"Theme.{name}").evaluate()
    assert not failed, f"Theme.{name} is not readable"
    return value


@dataclass(frozen=True)
class Contrast:
    ratio: float
    large: bool


def relative_luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast_ratio(foreground: QColor, background: QColor) -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)
