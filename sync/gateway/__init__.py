"""The back-office gateway: an ASGI service kiosks enroll with, pull changes from and push to.

Never imports ``kiosk_app.store``, ``kiosk_app.qt`` or PySide6 (DESIGN.md dependency direction).
"""
