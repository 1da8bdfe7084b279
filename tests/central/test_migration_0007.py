"""Revision 0007 (ratings, work orders, what each declaration owes) upgrades a protocol-4
server's database in place, on SQLite and PostgreSQL: each declaration gets the 容缺
materials of its latest pre-review result from the stored events, so a lookup after the
upgrade shows them; the new tables are there and empty."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from central.db import MIGRATIONS, Database, make_engine
from central.models import Declaration, Event
from central.progress import look_up

AT = datetime(2026, 11, 26, 2, tzinfo=UTC)
OWED = {
    "material_id": "household",
    "name": {"zh": "户口簿", "en": "Household register"},
    "working_days": 5,
    "due_date": "2026-12-03",
    "approval_id": "a1",
}


def review(reference: str, outcome: str, deficiencies: list[Any]) -> dict[str, Any]:
    return {"reference": reference, "outcome": outcome, "deficiencies": deficiencies}


def test_a_0006_server_is_upgraded_with_what_each_declaration_owes(database_url: str) -> None:
    engine = make_engine(database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    names = ("reference", "terminal", "item_id", "catalog_version", "language", "outcome")
    declarations = sa.table(
        "declarations",
        *(sa.column(n) for n in names),
        *(sa.column(n) for n in ("status", "commitment_accepted_at")),
        *(sa.column(n) for n in ("submitted_at", "updated_at")),
        sa.column("answers", sa.JSON),
        sa.column("materials", sa.JSON),
    )
    with engine.begin() as c:
        cfg.attributes["connection"] = c
        command.upgrade(cfg, "head")  # (a PostgreSQL test database is a migrated copy)
        command.downgrade(cfg, "0006")
        for n in (1, 2, 3):
            c.execute(
                declarations.insert().values(
                    reference=f"20261126-07-000{n}",
                    terminal=7,
                    item_id="elderly-card",
                    catalog_version="v",
                    language="zh_CN",
                    outcome="passed_with_deficiency",
                    status="submitted",
                    commitment_accepted_at=AT,
                    submitted_at=AT,
                    updated_at=AT,
                    answers={"mobile": "13812345678"},
                    materials={},
                )
            )
        reviews = [
            review("20261126-07-0001", "rejected", []),
            review("20261126-07-0001", "passed_with_deficiency", [OWED]),  # the latest
            review("20261126-07-0002", "passed_with_deficiency", [OWED]),
            review("20261126-07-0002", "passed", []),  # fixed since: owes nothing
            review("20261126-07-0003", "passed_with_deficiency", ["garbled", {"x": 1}]),
        ]
        for n, payload in enumerate(reviews):
            when = AT + timedelta(seconds=n)
            c.execute(
                sa.insert(Event).values(
                    id=f"e{n}",
                    terminal=7,
                    kind="prereview.result",
                    created_at=when,
                    received_at=when,
                    payload=payload,
                )
            )
    engine.dispose()
    upgraded = Database(database_url)
    try:
        with upgraded.read() as s:
            owed = dict(s.execute(sa.select(Declaration.reference, Declaration.owed)).all())
            assert owed == {
                "20261126-07-0001": [
                    {"id": "household", "name": OWED["name"], "due_date": "2026-12-03"}
                ],
                "20261126-07-0002": [],
                "20261126-07-0003": [],
            }
            found = look_up(s, "20261126-07-0001", "5678")
            assert found is not None and [o["id"] for o in found.owed] == ["household"]
            for table in ("ratings", "work_orders"):
                assert s.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 0
    finally:
        upgraded.close()
