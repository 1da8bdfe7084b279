"""Alembic environment: runs on the connection `central.db.upgrade()` hands over."""

from __future__ import annotations

from alembic import context

from central.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only by hand, e.g. `alembic revision`
    raise SystemExit("run migrations through central.db.upgrade()")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
