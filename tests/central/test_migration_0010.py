"""Migration 0010 (the devices' states, protocol 6) upgrades a protocol-5 server's
database in place, on SQLite and PostgreSQL: every terminal and event keeps its row, and
each terminal's states come from its latest heartbeat in `events` (a protocol-5 server
stored a protocol-6 terminal's heartbeat whole), unknown where that heartbeat has none
or one no model would take."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from central.db import Database
from central.models import Event, Terminal
from tests.central.migration_helpers import at_revision

AT = datetime(2026, 11, 26, 2, tzinfo=UTC)
STATES = ("id_card_status", "scanner_status", "signal_light_status")


def beat(terminal: int, **fields: Any) -> dict[str, Any]:
    return {"terminal": terminal, "at": AT.isoformat(), "printer_status": "ok", **fields}


def test_a_protocol_5_server_is_upgraded_with_each_terminals_latest_states(
    database_url: str,
) -> None:
    events: list[tuple[int, str, dict[str, Any]]] = [
        # 3: two protocol-6 heartbeats, the later one wins.
        (3, "heartbeat", beat(3, id_card_status="fault", scanner_status="ok")),
        (
            3,
            "heartbeat",
            beat(3, id_card_status="ok", scanner_status="disconnected", signal_light_status="none"),
        ),
        # 5: upgraded back to a protocol-5 bundle since: its latest says nothing.
        (5, "heartbeat", beat(5, id_card_status="fault")),
        (5, "heartbeat", beat(5)),
        # 6: what no heartbeat model takes stays unknown; the rest is kept.
        (
            6,
            "heartbeat",
            beat(6, id_card_status="x" * 33, scanner_status=3, signal_light_status="fault"),
        ),
        # 7: never a heartbeat; another kind naming the fields changes nothing.
        (7, "printer.status", {"terminal": 7, "status": "ok", "id_card_status": "fault"}),
        # 8: a heartbeat from a terminal without a health row makes none.
        (8, "heartbeat", beat(8, id_card_status="fault")),
    ]
    with at_revision(database_url, "0009") as c:
        for number in (3, 5, 6, 7):
            c.execute(
                sa.text(
                    "INSERT INTO terminals (number, last_seen_at, printer_status, protocol, "
                    "disk_free_mb, printer_detail) VALUES "
                    "(:n, :at, 'ok', 5, 2048.0, 'network 192.168.1.40:9100, 80 mm')"
                ),
                {"n": number, "at": AT},
            )
        for n, (terminal, kind, payload) in enumerate(events):
            when = AT + timedelta(seconds=n)
            c.execute(
                sa.insert(Event).values(
                    id=f"e{n}",
                    terminal=terminal,
                    kind=kind,
                    created_at=when,
                    received_at=when,
                    payload=payload,
                )
            )
    upgraded = Database(database_url)
    try:
        with upgraded.read() as s:
            rows = {t.number: t for t in s.scalars(sa.select(Terminal))}
            assert sorted(rows) == [3, 5, 6, 7]
            states = {n: tuple(getattr(t, name) for name in STATES) for n, t in rows.items()}
            assert states == {
                3: ("ok", "disconnected", "none"),
                5: (None, None, None),
                6: (None, None, "fault"),
                7: (None, None, None),
            }
            for t in rows.values():  # the rest of each row as it was
                assert (t.last_seen_at, t.printer_status, t.protocol) == (AT, "ok", 5)
                assert (t.disk_free_mb, t.printer_detail) == (
                    2048.0,
                    "network 192.168.1.40:9100, 80 mm",
                )
            stored = dict(s.execute(sa.select(Event.id, Event.payload)).all())
            assert stored == {f"e{n}": payload for n, (_, _, payload) in enumerate(events)}
    finally:
        upgraded.close()


def test_the_downgrade_drops_the_states_and_keeps_the_rows(database_url: str) -> None:
    upgraded = Database(database_url)
    try:
        with upgraded.transaction() as s:
            s.add(Terminal(number=3, printer_status="ok", id_card_status="fault"))
    finally:
        upgraded.close()
    with at_revision(database_url, "0009") as c:
        columns = {col["name"] for col in sa.inspect(c).get_columns("terminals")}
        assert not columns & set(STATES)
        assert c.execute(sa.text("SELECT number, printer_status FROM terminals")).all() == [
            (3, "ok")
        ]
