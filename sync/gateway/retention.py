"""How long the gateway keeps residents' submitted forms (docs/privacy.md "Forms"): long enough
for the counter to print a request's German PDF for the case file and finish it; then
``kiosk-app gateway forms purge`` deletes it. No imports: the kiosk's bundle builds the
``kiosk-app`` parser, with this default, without the gateway's packages."""

RETENTION_DAYS = 90
