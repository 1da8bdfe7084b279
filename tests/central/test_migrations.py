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
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"


def test_opening_again_does_not_migrate_again(db: Database) -> None:
    again = Database(db.url)
    with again.writer.connect() as c:
        assert c.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    again.close()


def test_a_server_of_the_first_protocol_is_upgraded_with_its_data_in_place(
    database_url: str,
) -> None:
    from alembic import command
    from alembic.config import Config

    from central.db import MIGRATIONS, make_engine
    from central.models import Terminal

    engine = make_engine(database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as c:
        cfg.attributes["connection"] = c
        command.upgrade(cfg, "head")  # (a PostgreSQL test database is a migrated copy)
        command.downgrade(cfg, "0002")  # the schema of the first protocol's server
        c.execute(text("INSERT INTO terminals (number, printer_status) VALUES (3, 'ok')"))
    engine.dispose()
    upgraded = Database(database_url)
    with upgraded.read() as s:
        health = s.get(Terminal, 3)
        assert health is not None
        assert (health.printer_status, health.mode, health.protocol) == ("ok", None, None)
        assert s.execute(text("SELECT count(*) FROM kept_events")).scalar() == 0
    upgraded.close()
