"""The waiting room's call display (``kiosk-app display``, issue 15): its own composition root,
apart from the kiosk's start path."""
