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
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0013"


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


def test_signatures_a_protocol_2_server_stored_are_kept_with_their_declarations(
    database_url: str,
) -> None:
    """A server of protocol 2 accepted protocol 3's commitment.accepted whole (its model
    keeps extra fields) into `events`: the upgrade puts the signature on the declaration."""
    from datetime import UTC, datetime, timedelta

    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from central.db import MIGRATIONS, make_engine
    from central.models import Declaration, Event

    signature = {"w": 1000, "h": 333, "strokes": [[10, 20, 300, 40], [100, 200, 900, 210]]}
    engine = make_engine(database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as c:
        cfg.attributes["connection"] = c
        command.upgrade(cfg, "head")
        command.downgrade(cfg, "0003")  # the server of protocol 2
        at = datetime(2026, 11, 26, 2, tzinfo=UTC)
        names = ("reference", "terminal", "item_id", "catalog_version", "language", "outcome")
        declarations = sa.table(
            "declarations",
            *(sa.column(n) for n in names),
            *(sa.column(n) for n in ("status", "commitment_accepted_at")),
            *(sa.column(n) for n in ("submitted_at", "updated_at")),
            sa.column("answers", sa.JSON),
            sa.column("materials", sa.JSON),
        )
        for ref, accepted in (("20261126-07-0001", at), ("20261126-07-0002", None)):
            row = dict(
                zip(names, (ref, 7, "x", "v", "zh_CN", "passed_with_deficiency"), strict=True)
            )
            c.execute(
                declarations.insert().values(
                    **row,
                    status="submitted",
                    commitment_accepted_at=accepted,
                    submitted_at=at,
                    updated_at=at,
                    answers={},
                    materials={},
                )
            )
        for n, (ref, who) in enumerate(
            (
                ("20261126-07-0001", "旧名"),
                ("20261126-07-0001", "王婧姝"),
                ("20261126-07-0002", "李明"),
            )
        ):
            payload = {
                "reference": ref,
                "accepted_at": "2026-11-26T10:00:00+08:00",
                "committer": who,
                "committer_for": "张玉琴",
                "signature": signature,
            }
            when = at + timedelta(seconds=n)
            c.execute(
                sa.insert(Event).values(
                    id=f"e{n}",
                    terminal=7,
                    kind="commitment.accepted",
                    created_at=when,
                    received_at=when,
                    payload=payload,
                )
            )
    engine.dispose()
    upgraded = Database(database_url)
    with upgraded.read() as s:
        rows = {d.reference: d for d in s.query(Declaration)}
        first, second = rows["20261126-07-0001"], rows["20261126-07-0002"]
        assert (first.committer, first.committer_for) == ("王婧姝", "张玉琴")  # the latest
        assert first.commitment_signature == signature
        # Submitted again since (no accepted commitment): nothing is put back on it.
        assert (second.committer, second.commitment_signature) == (None, None)
    upgraded.close()
