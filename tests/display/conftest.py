"""The real-display tests use the offscreen kiosk only to learn where its items are."""

from qt_fixtures import (
    backend,
    clock,
    demo_config,
    kiosk,
    qapp_cls,
    seeded_state,
)

__all__ = ["backend", "clock", "demo_config", "kiosk", "qapp_cls", "seeded_state"]
