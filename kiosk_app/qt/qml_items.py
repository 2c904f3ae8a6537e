"""Reaching the QML items of the kiosk window, whatever Python type PySide gave the window.

PySide wraps an object with the most derived type it knows *when it first sees it*. The kiosk
creates its window before anything imports PySide6.QtQuick (that import is left until after the
first frame), so the window object is a ``QWindow`` to Python, not a ``QQuickWindow``; its
``contentItem`` property still leads to the items.
"""

from __future__ import annotations

from PySide6.QtGui import QWindow
from PySide6.QtQuick import QQuickItem


def content_item(window: QWindow) -> QQuickItem:
    """The root item of a Qt Quick window (read as a property: no QQuickWindow wrapper needed)."""
    item = window.property("contentItem")
    if not isinstance(item, QQuickItem):
        raise TypeError(f"{window!r} is not a Qt Quick window")
    return item


def find_qml_item(window: QWindow, object_name: str) -> QQuickItem | None:
    """The QML item with this ``objectName``, walking the visual tree (Repeater delegates have
    no QObject parent, so ``findChild`` misses them)."""
    pending = [content_item(window)]
    while pending:
        item = pending.pop()
        if item.objectName() == object_name:
            return item
        pending.extend(item.childItems())
    return None
