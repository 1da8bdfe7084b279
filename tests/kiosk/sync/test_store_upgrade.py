"""Migration 0002 on a terminal's 0001 database: data kept, the new columns and table there;
and the guide.viewed event."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, select, text

from kiosk.guide_views import record_guide_view
from kiosk.store.database import MIGRATIONS, Store, make_engine
from kiosk.store.models import OutboxEvent, Ticket

NOW = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)


def test_a_0001_store_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "field.db"
    engine = make_engine(path)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as c:
        cfg.attributes["connection"] = c
        command.upgrade(cfg, "0001")
        c.execute(
            text(
                "INSERT INTO declarations (id, reference, terminal, item_id, catalog_version, "
                "language, answers, materials, submitted_at, outcome) VALUES (1, "
                "'20261126-07-0001',"
                " 7, 'elderly-card', 'v', 'zh_CN', '{}', '{}', '2026-11-26 02:00:00', 'passed')"
            )
        )
        c.execute(
            text(
                "INSERT INTO tickets (id, declaration_id, number, day, series, source, counters, "
                "issued_at, print_count) VALUES (1, 1, 'B07-001', '2026-11-26', 'B', 'local', "
                "'[1]', '2026-11-26 02:00:00', 1)"
            )
        )
    engine.dispose()
    store = Store(path)
    with store.session() as s:
        ticket = s.scalars(select(Ticket)).one()
        assert (ticket.number, ticket.day, ticket.ahead) == ("B07-001", date(2026, 11, 26), None)
    assert "sync_state" in inspect(store.engine).get_table_names()
    store.close()


def test_guide_viewed_is_an_outbox_event(store: Store) -> None:
    record_guide_view(store, 7, "elderly-card", NOW)
    with store.session() as s:
        event = s.scalars(select(OutboxEvent)).one()
    assert event.kind == "guide.viewed"
    assert event.payload == {"item_id": "elderly-card", "terminal": 7, "at": NOW.isoformat()}
