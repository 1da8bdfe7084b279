"""Today's figures on a real database (SQLite, and PostgreSQL when the tests have one),
around the hall's midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from central import helpcalls
from central.dashboard import figures
from central.db import Database
from central.models import Declaration, Event, HelpCall, Ticket

HALL = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 26)
MIDNIGHT = datetime(2026, 11, 26, 0, 0, tzinfo=HALL)  # 2026-11-25 16:00 UTC
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=HALL)


def event(n: int, kind: str, at: datetime) -> Event:
    return Event(id=f"e{n}", terminal=1, kind=kind, created_at=at, received_at=at, payload={})


def declaration(n: int, at: datetime, outcome: str | None, **more: Any) -> Declaration:
    return Declaration(
        reference=f"20261126-01-{n:04d}",
        terminal=1,
        item_id="elderly-card",
        catalog_version="v1",
        language="zh",
        answers={},
        materials={},
        submitted_at=at,
        outcome=outcome,
        status="submitted",
        updated_at=at,
        **more,
    )


def ticket(n: int, day: date) -> Ticket:
    at = datetime.combine(day, datetime.min.time(), HALL) + timedelta(hours=9)
    return Ticket(
        reference=f"r{n}",
        day=day,
        series="A",
        number=f"A{n:03d}",
        source="central",
        terminal=1,
        counters=[3],
        allocated_at=at,
    )


def call(n: int, at: datetime, ack_after_s: float | None, **more: Any) -> HelpCall:
    acknowledged = at + timedelta(seconds=ack_after_s) if ack_after_s is not None else None
    return HelpCall(
        id=f"h{n}",
        terminal=1,
        state=helpcalls.ACKNOWLEDGED if acknowledged else helpcalls.OPEN,
        context={},
        requested_at=at,
        acknowledged_at=acknowledged,
        change=n,
        **more,
    )


def test_figures_count_the_halls_day_only(db: Database) -> None:
    just_before = MIDNIGHT - timedelta(microseconds=1)
    tomorrow = MIDNIGHT + timedelta(days=1)
    with db.transaction() as s:
        s.add_all(
            [
                event(1, "guide.viewed", MIDNIGHT),
                event(2, "guide.viewed", NOW),
                event(3, "guide.viewed", just_before),  # yesterday in the hall
                event(4, "guide.viewed", tomorrow),
                event(5, "heartbeat", NOW),  # another kind
                declaration(1, MIDNIGHT + timedelta(hours=9), "passed"),
                declaration(2, NOW, "passed"),
                declaration(3, NOW, "passed_with_deficiency"),
                declaration(4, NOW, "rejected"),
                declaration(5, NOW, "rejected"),
                declaration(6, NOW, None),  # its pre-review result not here yet
                declaration(8, NOW, None, assisted_by="zhang", assisted_by_name="张辅导"),
                declaration(9, just_before, None, assisted_by="zhang", assisted_by_name="张"),
                declaration(10, NOW, "passed", proxy_by="wang", proxy_by_name="王网格"),
                declaration(11, just_before, "passed", proxy_by="wang", proxy_by_name="王网格"),
                declaration(7, just_before, "passed"),
                ticket(1, DAY),
                ticket(2, DAY),
                ticket(3, DAY - timedelta(days=1)),
                call(1, MIDNIGHT + timedelta(hours=10), 30),
                call(2, NOW, 90),
                call(3, NOW, None),  # still open
                call(4, NOW, None, cancelled_at=NOW),
                call(5, just_before, 600),
            ]
        )
    with db.read() as s:
        got = figures.today(s, NOW.astimezone(UTC), HALL)
    assert got == figures.Figures(
        day=DAY,
        consultations=2,
        declarations=8,
        passed=3,
        passed_with_deficiency=1,
        rejected=2,
        assisted=1,
        proxied=1,
        tickets=2,
        help_calls=4,
        mean_ack_s=60.0,
        ratings=0,
        satisfied=0,
        work_orders_open=0,
        work_orders_overdue=0,
    )
    assert got.as_json()["day"] == "2026-11-26"


def test_the_day_turns_at_the_halls_midnight_not_utcs(db: Database) -> None:
    with db.transaction() as s:
        s.add(event(1, "guide.viewed", MIDNIGHT + timedelta(minutes=5)))
    with db.read() as s:
        # 23:59 UTC on the 25th is already 07:59 on the 26th in the hall.
        assert figures.today(s, datetime(2026, 11, 25, 23, 59, tzinfo=UTC), HALL).consultations == 1
        assert figures.today(s, MIDNIGHT - timedelta(seconds=1), HALL).consultations == 0


def test_an_empty_day(db: Database) -> None:
    with db.read() as s:
        got = figures.today(s, NOW, HALL)
    assert (got.declarations, got.help_calls, got.mean_ack_s) == (0, 0, None)
