"""The hall's opening hours (办公时间): Monday to Friday, and Saturday under 政务"5+1".

One rule, used everywhere it is needed: the home screen says it, later the Saturday
appointments and the staff screens ask it. Saturdays are served except on statutory
holidays; a make-up working Saturday (调休) is an ordinary working day. The times come
from the central server's work calendar when it has them (`WorkCalendar.hours`), else
from the config (`[hours]`); the calendar decides which days are working days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol

from kiosk.i18n import Text, text

SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$", re.ASCII)


class WorkingDays(Protocol):
    """What a work calendar says about a day (kiosk.workcalendar.WorkCalendar has it)."""

    def is_working_day(self, day: date) -> bool: ...

    def is_saturday_service_day(self, day: date) -> bool: ...


@dataclass(frozen=True)
class Span:
    """Opening and closing time of one day."""

    opens: time
    closes: time

    @classmethod
    def parse(cls, value: str) -> Span:
        """ "09:00-17:00"; ValueError with what is allowed otherwise."""
        found = SPAN.fullmatch(value)  # not match(): "$" would let a trailing newline in
        if not found:
            raise ValueError(f"{value!r} is not a time span like 09:00-17:00")
        h1, m1, h2, m2 = (int(g) for g in found.groups())
        span = cls(time(h1, m1), time(h2, m2))
        if span.closes <= span.opens:
            raise ValueError(f"{value!r}: the closing time must come after the opening time")
        return span

    def __str__(self) -> str:
        return f"{_clock(self.opens)}-{_clock(self.closes)}"

    @property
    def plain(self) -> str:
        """The form `parse` reads back: "09:00-17:00"."""
        return f"{self.opens:%H:%M}-{self.closes:%H:%M}"

    def contains(self, moment: time) -> bool:
        return self.opens <= moment < self.closes


def _clock(t: time) -> str:
    return f"{t.hour}:{t.minute:02d}"


@dataclass(frozen=True)
class OpeningHours:
    """Weekday hours, and Saturday hours (None: no Saturday service)."""

    weekdays: Span
    saturday: Span | None

    def describe(self) -> Text:
        """The line the home screen shows."""
        week = text(f"周一至周五 {self.weekdays}", f"Monday to Friday {self.weekdays}")
        if self.saturday is None:
            return text(
                f"办公时间：{week.zh}（法定节假日除外）",
                f"Opening hours: {week.en} (closed on public holidays)",
            )
        return text(
            f"办公时间：{week.zh}；星期六 {self.saturday}（法定节假日除外）",
            f"Opening hours: {week.en}; Saturday {self.saturday} (closed on public holidays)",
        )

    def hours_on(self, day: date, calendar: WorkingDays) -> Span | None:
        """The hall's hours on `day`, or None when it is closed."""
        if calendar.is_working_day(day):  # Monday-Friday, and make-up Saturdays (调休)
            return self.weekdays
        if calendar.is_saturday_service_day(day):
            return self.saturday
        return None

    def is_open(self, moment: datetime, calendar: WorkingDays) -> bool:
        """Whether the hall serves at `moment` (the hall's local time)."""
        span = self.hours_on(moment.date(), calendar)
        return span is not None and span.contains(moment.time())
