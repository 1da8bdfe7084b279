"""The hall's day: tickets, the queue and "today" follow the hall's clock (China, UTC+8).

China keeps one time zone without daylight saving, so a fixed offset is exact and needs
no time zone database on the server.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

HALL_TZ = timezone(timedelta(hours=8), "CST")


def hall_day(moment: datetime) -> date:
    """The hall's calendar day at `moment` (an aware datetime)."""
    return moment.astimezone(HALL_TZ).date()
