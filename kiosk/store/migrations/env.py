"""Alembic environment: runs on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from kiosk.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only by hand, e.g. `alembic revision`
    raise SystemExit("run migrations through kiosk.store.database.upgrade()")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
