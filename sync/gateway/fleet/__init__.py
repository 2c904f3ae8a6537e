"""The fleet view (issue 18): what each device last reported about itself, when the gateway
last heard from it, and which kiosks have gone silent (docs/gateway.md, "Fleet")."""
