"""The hall's day: tickets, the queue and the dashboard's "today" follow the hall's clock.

The hall's time zone is a setting of the server (`central serve --timezone`, default
Asia/Shanghai) held in ServerState, never the machine's own zone: a server may run in a
data centre set to UTC. Zones come from the system's time zone database (zoneinfo).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Shanghai"


class UnknownTimeZone(ValueError):
    """Not a time zone of the system's database; the message says which name."""


def hall_zone(name: str) -> ZoneInfo:
    """The zone called `name` (an IANA name such as Asia/Shanghai)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # ValueError: not a relative key ("../x", "/etc/localtime") or not a TZif file.
        raise UnknownTimeZone(
            f"unknown time zone {name!r} (an IANA name such as {DEFAULT_TIMEZONE} or UTC)"
        ) from None


def hall_day(moment: datetime, zone: ZoneInfo) -> date:
    """The hall's calendar day at `moment` (an aware datetime)."""
    return moment.astimezone(zone).date()


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The first instant of `day` in the hall and of the day after (aware datetimes)."""
    start = datetime.combine(day, time(0), zone)
    return start, datetime.combine(day + timedelta(days=1), time(0), zone)
