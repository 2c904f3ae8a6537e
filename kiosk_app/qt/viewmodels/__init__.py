"""One view model per screen: QObjects that QML binds to; the logic stays in Python."""
