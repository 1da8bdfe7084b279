"""Migration 0012 (the index of check-in by ID card on `appointments.id_number`) upgrades
a server's database in place, on SQLite and PostgreSQL: every booking keeps its row, and
one booked before the upgrade is checked in by its holder's card at once; the downgrade
drops the index alone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from central import appointments
from central.db import Database
from central.models import Appointment
from kiosk.validators import resident_id_check_digit
from tests.central.migration_helpers import at_revision

ZONE = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 28)
BOOKED_AT = datetime(2026, 11, 20, 2, tzinfo=UTC)
HOLDER = "11010519491231002" + resident_id_check_digit("11010519491231002")
INDEX = "ix_appointments_id_number"


def booking(code: str, mobile: str, id_number: str | None, **more: Any) -> dict[str, Any]:
    return {
        "code": code,
        "day": DAY,
        "slot": "10:00",
        "item_id": "business_license",
        "name": "王婧姝",
        "mobile": mobile,
        "id_number": id_number,
        "credit_code": None,
        "terminal": 3,
        "state": "booked",
        "booked_at": BOOKED_AT,
        "cancelled_at": None,
        "checked_in_at": None,
        "reference": None,
        **more,
    }


def indexes(c: sa.Connection) -> set[str]:
    return {str(i["name"]) for i in sa.inspect(c).get_indexes("appointments")}


def test_the_bookings_stored_before_are_kept_and_found_by_card(database_url: str) -> None:
    rows = [
        booking("K7QM3XPA", "13912345678", HOLDER),
        booking("K7QM3XPB", "13800001111", None),
        booking("K7QM3XPC", "13700002222", HOLDER, state="cancelled", cancelled_at=BOOKED_AT),
    ]
    with at_revision(database_url, "0011") as c:
        assert INDEX not in indexes(c)
        c.execute(sa.insert(Appointment), rows)
    upgraded = Database(database_url)
    try:
        with upgraded.writer.connect() as c:
            assert INDEX in indexes(c)
            kept = c.execute(
                sa.select(Appointment.code, Appointment.id_number, Appointment.state).order_by(
                    Appointment.code
                )
            ).all()
        assert kept == [(r["code"], r["id_number"], r["state"]) for r in rows]
        on_time = datetime(2026, 11, 28, 9, 45, tzinfo=ZONE)
        with upgraded.transaction() as s:
            arrival = appointments.check_in_by_id_number(s, HOLDER, on_time, ZONE)
        assert (arrival.result, arrival.code) == ("on_time", "K7QM3XPA")
    finally:
        upgraded.close()


def test_the_downgrade_drops_the_index_and_keeps_the_bookings(database_url: str) -> None:
    upgraded = Database(database_url)
    try:
        with upgraded.transaction() as s:
            s.execute(sa.insert(Appointment), [booking("K7QM3XPA", "13912345678", HOLDER)])
    finally:
        upgraded.close()
    with at_revision(database_url, "0011") as c:
        assert INDEX not in indexes(c)
        assert "ix_appointments_day_slot" in indexes(c)
        assert c.execute(sa.text("SELECT code, id_number FROM appointments")).all() == [
            ("K7QM3XPA", HOLDER)
        ]
