"""The local store: connection settings, migrations, the transactional outbox."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from kiosk.store.audit import audit
from kiosk.store.database import Store
from kiosk.store.models import AuditEntry, Base, OutboxEvent, Sequence
from kiosk.store.outbox import add_event, depth, due
from kiosk.store.sequences import next_value

NOW = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)


def test_every_connection_is_wal_and_synchronous_full(store: Store) -> None:
    # several pooled connections: each must carry the settings
    conns = [store.engine.connect() for _ in range(3)]
    try:
        for c in conns:
            assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert c.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        for c in conns:
            c.close()


def test_migrations_build_exactly_the_models_schema(store: Store) -> None:
    with store.engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), Base.metadata)
        assert diff == []
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"


def test_reopening_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    s = Store(tmp_path / "k.db")
    with s.transaction() as session:
        add_event(session, "heartbeat", {"n": 1}, NOW)
    s.close()
    s = Store(tmp_path / "k.db")
    with s.session() as session:
        assert depth(session) == 1
    assert "outbox" in inspect(s.engine).get_table_names()
    s.close()


def test_outbox_event_rolls_back_with_its_row(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as session:
        audit(session, "applicant", "x", {}, NOW)
        add_event(session, "declaration.submitted", {"reference": "r"}, NOW)
        raise RuntimeError("power cut between the row and its event")
    with store.session() as session:
        assert session.scalars(select(OutboxEvent)).all() == []
        assert session.scalars(select(AuditEntry)).all() == []


def test_due_events_in_order_and_retry_schedule(store: Store) -> None:
    with store.transaction() as session:
        first = add_event(session, "a", {}, NOW)
        second = add_event(session, "b", {}, NOW.replace(minute=31))
        later = add_event(session, "c", {}, NOW)
        later.next_attempt_at = NOW.replace(hour=3)
    with store.session() as session:
        assert [e.id for e in due(session, NOW.replace(minute=45))] == [first.id, second.id]
        assert len(due(session, NOW.replace(hour=4))) == 3
        assert depth(session) == 3
        got = session.get(OutboxEvent, first.id)
        assert got is not None and got.created_at == NOW  # aware UTC back


def test_store_refuses_naive_datetimes(store: Store) -> None:
    from sqlalchemy.exc import StatementError

    with pytest.raises(StatementError, match="time-zone-aware"), store.transaction() as s:
        add_event(s, "a", {}, datetime(2026, 1, 1))


def test_sequences_count_per_name(store: Store) -> None:
    with store.transaction() as s:
        assert [next_value(s, "x"), next_value(s, "x"), next_value(s, "y")] == [1, 2, 1]
    with store.transaction() as s:
        assert next_value(s, "x") == 3
        assert s.get(Sequence, "y") is not None


def test_audit_masks_personal_numbers(store: Store) -> None:
    with store.transaction() as s:
        audit(
            s,
            "attendant",
            "looked up",
            {"id": "220102198005121238", "who": ["手机13943112345"]},
            NOW,
        )
    with store.session() as s:
        entry = s.scalars(select(AuditEntry)).one()
        assert entry.detail == {"id": "220102********1238", "who": ["手机139****2345"]}
