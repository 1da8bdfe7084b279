"""Migration 0013 (the counter's workbench) upgrades a server's database in place, on
SQLite and PostgreSQL: every ticket and staff account keeps its row, each ticket stored
before is waiting at its natural place (no explicit place, never skipped, never called),
an account has no counter, and the new tables start empty; the downgrade keeps the rows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from central.db import Database
from central.models import ApprovalState, CounterCall, DeclarationView, Staff, Ticket
from tests.central.migration_helpers import at_revision

DAY = date(2026, 11, 26)
AT = datetime(2026, 11, 26, 1, 30, tzinfo=UTC)
OLD_TICKET_COLUMNS = (
    "reference",
    "day",
    "series",
    "number",
    "source",
    "terminal",
    "counters",
    "allocated_at",
    "issued_at",
    "print_status",
    "print_count",
)


def ticket(reference: str, number: str, counters: list[int]) -> dict[str, Any]:
    return {
        "reference": reference,
        "day": DAY,
        "series": number[0],
        "number": number,
        "source": "central",
        "terminal": 7,
        "counters": counters,
        "allocated_at": AT,
        "issued_at": AT,
        "print_status": "ok",
        "print_count": 1,
    }


def old_table(model: type[Ticket | Staff], columns: tuple[str, ...]) -> sa.TableClause:
    """A table as revision 0012 had it (the models already know the new columns)."""
    table = model.__table__
    return sa.table(table.name, *(sa.column(c, table.c[c].type) for c in columns))


TICKETS = [
    ticket("20261126-07-0001", "A001", [3, 4]),
    ticket("20261126-07-0002", "Y001", [5]),
]
STAFF = {
    "username": "zhang",
    "display_name": "张敏",
    "role": "attendant",
    "password_hash": "",
    "created_at": AT,
    "disabled": False,
    "pin_hash": None,
    "pin_set_at": None,
}


def test_every_ticket_and_account_is_kept_and_every_ticket_waits(database_url: str) -> None:
    with at_revision(database_url, "0012") as c:
        c.execute(sa.insert(old_table(Ticket, OLD_TICKET_COLUMNS)), TICKETS)
        c.execute(sa.insert(old_table(Staff, tuple(STAFF))), [STAFF])
    upgraded = Database(database_url)
    try:
        with upgraded.read() as s:
            tickets = s.scalars(sa.select(Ticket).order_by(Ticket.reference)).all()
            assert [(t.reference, t.number, t.counters) for t in tickets] == [
                (r["reference"], r["number"], r["counters"]) for r in TICKETS
            ]
            for t in tickets:
                assert (t.queue_state, t.queue_priority, t.queue_rank) == ("waiting", None, None)
                assert (t.skips, t.transferred_to, t.called_counter, t.called_at) == (
                    0,
                    None,
                    None,
                    None,
                )
            account = s.scalars(sa.select(Staff)).one()
            assert (account.username, account.role, account.counter) == ("zhang", "attendant", None)
            for table in (CounterCall, ApprovalState, DeclarationView):
                assert s.scalar(sa.select(sa.func.count()).select_from(table)) == 0
    finally:
        upgraded.close()


def test_the_downgrade_drops_the_workbench_and_keeps_the_tickets(database_url: str) -> None:
    upgraded = Database(database_url)
    try:
        with upgraded.transaction() as s:
            s.execute(sa.insert(Ticket), TICKETS[:1])
    finally:
        upgraded.close()
    with at_revision(database_url, "0012") as c:
        tables = set(sa.inspect(c).get_table_names())
        assert not tables & {"counter_calls", "approval_states", "declaration_views"}
        columns = {col["name"] for col in sa.inspect(c).get_columns("tickets")}
        assert "queue_state" not in columns
        assert c.execute(sa.text("SELECT reference, number FROM tickets")).all() == [
            ("20261126-07-0001", "A001")
        ]
