"""The counter application (``kiosk-app counter``): composition root, view models, receipt.

Nothing of the kiosk's start path imports this package (import-linter contract).
"""
