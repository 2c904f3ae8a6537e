"""Facts about the office a kiosk serves that the configuration needs before anything else.

Kept apart from ``case_number`` so the configuration (read before the first frame) does not
load the case-number parser, which only the lookup screen uses.
"""

DEFAULT_PREFIX = "DA"  # the office's case-number prefix (DOMAIN.md "Case numbers")
# Days, slots and opening hours are counted in the office's time zone, whatever the machine's.
OFFICE_TIMEZONE = "Europe/Berlin"
# The office's German state: its public holidays close the office (``office_days``). Hessen for
# the demo office in Darmstadt; configuration, next to the time zone (gateway ``--office-state``).
DEFAULT_STATE = "HE"
