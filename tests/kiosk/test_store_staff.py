"""Migration 0004 on a terminal's 0003 store: its data kept in place, the staff tables and
the declaration's assisted columns there and empty."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, select, text

from kiosk.store.database import MIGRATIONS, Store, make_engine
from kiosk.store.models import Declaration, OutOfServiceState, StaffAccount, StaffPad, SyncState


def test_a_0003_store_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "field.db"
    engine = make_engine(path)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as c:
        cfg.attributes["connection"] = c
        command.upgrade(cfg, "0003")
        c.execute(
            text(
                "INSERT INTO declarations (id, reference, terminal, item_id, catalog_version, "
                "language, answers, materials, submitted_at, outcome, committer_name) VALUES "
                "(1, '20261126-07-0001', 7, 'elderly-card', 'v', 'zh_CN', '{}', '{}', "
                "'2026-11-26 02:00:00', 'passed', '张三')"
            )
        )
        c.execute(text("INSERT INTO sync_state (name, value) VALUES ('help_calls.cursor', '9')"))
    engine.dispose()
    store = Store(path)
    try:
        tables = set(inspect(store.engine).get_table_names())
        assert {"staff_accounts", "staff_pad", "out_of_service"} <= tables
        with store.session() as s:
            decl = s.scalars(select(Declaration)).one()
            assert (decl.reference, decl.committer_name) == ("20261126-07-0001", "张三")
            assert (decl.assisted_by, decl.assisted_by_name, decl.assisted_at) == (None,) * 3
            assert s.get(SyncState, "help_calls.cursor").value == "9"  # type: ignore[union-attr]
            assert s.scalars(select(StaffAccount)).all() == []
            assert s.get(StaffPad, 1) is None and s.get(OutOfServiceState, 1) is None
            assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"
    finally:
        store.close()
