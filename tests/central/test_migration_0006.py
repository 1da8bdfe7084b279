"""Revision 0006 (one-time enrolment codes) upgrades a protocol-4 server's database in
place, on SQLite and PostgreSQL: its terminals' tokens keep working, the new table is
there and empty, and a code issued after the upgrade is exchanged."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from central import enrolment
from central.db import Database
from central.models import ApiClient
from tests.central.migration_helpers import at_revision

AT = datetime(2026, 12, 10, 2, tzinfo=UTC)


def test_a_0005_server_is_upgraded_with_its_tokens_in_place(database_url: str) -> None:
    with at_revision(database_url, "0005") as c:
        c.execute(
            text(
                "INSERT INTO api_clients (id, role, terminal_number, name, token_hash, "
                "created_at) VALUES (1, 'terminal', 3, 'terminal 3', :hash, :at)"
            ),
            {"hash": "a" * 64, "at": AT},
        )
    upgraded = Database(database_url)
    try:
        with upgraded.read() as s:
            client = s.get(ApiClient, 1)
            assert client is not None
            assert (client.terminal_number, client.token_hash) == (3, "a" * 64)
            assert s.execute(text("SELECT count(*) FROM enrolment_codes")).scalar() == 0
        issued = enrolment.issue(upgraded, 3, AT, "test")
        enrolled = enrolment.redeem(upgraded, issued.code, AT)
        assert (enrolled.terminal, enrolled.replaced) == (3, True)
    finally:
        upgraded.close()
