"""The migrations build exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from central.db import Database
from central.models import Base


def test_migrations_build_exactly_the_models_schema(db: Database) -> None:
    with db.writer.connect() as c:
        assert compare_metadata(MigrationContext.configure(c), Base.metadata) == []
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"


def test_opening_again_does_not_migrate_again(db: Database) -> None:
    again = Database(db.url)
    with again.writer.connect() as c:
        assert c.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    again.close()
