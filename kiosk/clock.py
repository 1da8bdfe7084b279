"""The hall's clock: local times, references, ticket days and due dates in the hall's zone.

A terminal's operating system may be set to any zone (UTC is common on installed
images); the hall's day is what the counters, the tickets and the dashboard count. Every
local time on the terminal comes from a `HallClock`: the machine's UTC time, shown in
the configured zone (`timezone`, default Asia/Shanghai), whatever `TZ` says.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Shanghai"


class UnknownTimeZone(ValueError):
    """Not a time zone of the time zone database; the message says which name."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def zone(name: str) -> ZoneInfo:
    """The time zone called `name` (IANA, e.g. Asia/Shanghai); UnknownTimeZone otherwise.

    The terminal's config and the central server's setting are both checked here.
    """
    problem = f"unknown time zone {name!r} (an IANA name such as {DEFAULT_ZONE} or UTC)"
    if not name or name != name.strip() or "\x00" in name or len(name) > 64:
        raise UnknownTimeZone(problem)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # ValueError: not a relative key ("../x", "/etc/localtime") or not a TZif file.
        raise UnknownTimeZone(problem) from None


class HallClock:
    """Aware datetimes in the hall's zone; `source` gives the true time (tests move it)."""

    def __init__(
        self, zone_name: str = DEFAULT_ZONE, source: Callable[[], datetime] = utc_now
    ) -> None:
        self.zone = zone(zone_name)
        self._source = source

    def __call__(self) -> datetime:
        return self._source().astimezone(self.zone)

    def today(self) -> date:
        return self().date()

    def local(self, moment: datetime) -> datetime:
        """`moment` (aware) as the hall's local time."""
        return moment.astimezone(self.zone)
