"""Migration 0005 (staff at the terminal) upgrades a protocol-3 server's database in
place, on SQLite and PostgreSQL: its staff, help calls and terminals keep their rows, and
the hall's PIN salt exists afterwards."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from central import staff
from central.db import Database
from central.models import HelpCall, Setting, Staff, Terminal
from tests.central.migration_helpers import at_revision

AT = datetime(2026, 11, 26, 2, tzinfo=UTC)


def test_a_protocol_3_server_is_upgraded_with_its_rows_in_place(database_url: str) -> None:
    with at_revision(database_url, "0004") as c:
        c.execute(
            text(
                "INSERT INTO staff (id, username, display_name, role, password_hash, "
                "created_at, disabled) VALUES (1, 'zhang', '张辅导', 'attendant', 'scrypt$x', "
                ":at, false)"
            ),
            {"at": AT},
        )
        c.execute(
            text(
                "INSERT INTO web_sessions (key_hash, staff_id, csrf_token, created_at, "
                "expires_at) VALUES ('k', 1, 'c', :at, :at)"
            ),
            {"at": AT},
        )
        c.execute(
            text(
                "INSERT INTO help_calls (id, terminal, state, context, requested_at, "
                "acknowledged_by, change) VALUES ('h1', 3, 'acknowledged', '{}', :at, "
                "'张辅导', 1)"
            ),
            {"at": AT},
        )
        c.execute(text("INSERT INTO terminals (number, printer_status) VALUES (3, 'ok')"))
    upgraded = Database(database_url)
    try:
        with upgraded.read() as s:
            account = s.get(Staff, 1)
            assert account is not None
            assert (account.username, account.password_hash, account.pin_hash) == (
                "zhang",
                "scrypt$x",
                None,
            )
            call = s.get(HelpCall, "h1")
            assert call is not None and (call.acknowledged_by, call.at_terminal) == (
                "张辅导",
                False,
            )
            health = s.get(Terminal, 3)
            assert health is not None
            assert (health.printer_status, health.disk_free_mb, health.pin_locked_until) == (
                "ok",
                None,
                None,
            )
            salt = s.get(Setting, staff.SALT_SETTING)
            assert salt is not None and len(bytes.fromhex(salt.value)) == 16
            assert s.execute(text("SELECT count(*) FROM web_sessions")).scalar() == 1
            assert s.execute(text("SELECT count(*) FROM staff_actions")).scalar() == 0
    finally:
        upgraded.close()
