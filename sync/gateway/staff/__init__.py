"""The gateway's staff side (issue 14, docs/gateway.md "Staff"): personal accounts, sessions
bound to a counter workstation, roles, the append-only audit log, audited case views, the
counter's commands, and their CLI. Everything lives in the database: several gateway processes
share it."""
