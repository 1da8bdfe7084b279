"""Migration tests' one step: the database as revision N left it, for rows to be written
the way that older server wrote them, before `Database` upgrades it to the head."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from central.db import MIGRATIONS, make_engine


@contextmanager
def at_revision(database_url: str, revision: str) -> Iterator[Connection]:
    """A connection to the database downgraded to `revision` (one transaction)."""
    engine = make_engine(database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as c:
            cfg.attributes["connection"] = c
            command.upgrade(cfg, "head")  # (a PostgreSQL test database is a migrated copy)
            command.downgrade(cfg, revision)
            yield c
    finally:
        engine.dispose()
