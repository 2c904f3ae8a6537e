"""Alembic environment: runs on the connection ``database.upgrade`` passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through sync.gateway.database.upgrade(db_url)")

context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
