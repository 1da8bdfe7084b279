"""Alembic environment: runs on the connection `central.db.upgrade()` hands over.

That connection is already inside the one transaction of the whole upgrade
(`kiosk.store.database.upgrade`, shared with the terminal's store), so Alembic opens
none of its own: every migration and the `alembic_version` row commit together, or none
of them does.
"""

from __future__ import annotations

from alembic import context

from central.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only by hand, e.g. `alembic revision`
    raise SystemExit("run migrations through central.db.upgrade()")
if not connection.in_transaction():  # pragma: no cover - a caller's mistake
    raise SystemExit("migrations run inside the caller's transaction (engine.begin())")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
