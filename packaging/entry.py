"""The bundle's entry point: the same ``kiosk-app`` command as the installed script."""

import sys

from kiosk_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
