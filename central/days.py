"""The hall's day: tickets, the queue and the dashboard's "today" follow the hall's clock.

The hall's time zone is a setting of the server (`central serve --timezone`, default
Asia/Shanghai) held in ServerState, never the machine's own zone: a server may run in a
data centre set to UTC. Zones come from the system's time zone database (zoneinfo).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# One check of zone names for the terminals' configs and the server's setting.
from kiosk.clock import DEFAULT_ZONE as DEFAULT_TIMEZONE
from kiosk.clock import UnknownTimeZone as UnknownTimeZone
from kiosk.clock import zone as hall_zone

__all__ = [
    "DEFAULT_TIMEZONE",
    "TICKET_DAYS_AROUND",
    "UnknownTimeZone",
    "day_bounds",
    "hall_day",
    "hall_zone",
    "ticket_day_problem",
]

TICKET_DAYS_AROUND = 1
"""A ticket may be for the hall's day, or one day either side: a terminal whose clock is
a little off around midnight still gets its number; any other day is refused."""


def hall_day(moment: datetime, zone: ZoneInfo) -> date:
    """The hall's calendar day at `moment` (an aware datetime)."""
    return moment.astimezone(zone).date()


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The first instant of `day` in the hall and of the day after (aware datetimes)."""
    start = datetime.combine(day, time(0), zone)
    return start, datetime.combine(day + timedelta(days=1), time(0), zone)


def ticket_day_problem(day: date, moment: datetime, zone: ZoneInfo) -> str | None:
    """Why no ticket may be given for `day` at `moment` (the hall's today and the days
    next to it are fine), or None."""
    today = hall_day(moment, zone)
    window = timedelta(days=TICKET_DAYS_AROUND)
    if today - window <= day <= today + window:
        return None
    return (
        f"day: {day.isoformat()} is not the hall's day ({today.isoformat()} in {zone.key}); "
        f"tickets are given for {(today - window).isoformat()} to {(today + window).isoformat()}"
    )
