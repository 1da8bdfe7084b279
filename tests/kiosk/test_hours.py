"""Opening hours: weekdays, Saturdays under 政务"5+1" except holidays, 调休 as a workday."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kiosk.hours import OpeningHours, Span
from kiosk.workcalendar import DayKind, WorkCalendar

HOURS = OpeningHours(Span.parse("09:00-17:00"), Span.parse("09:00-16:00"))
CALENDAR = WorkCalendar()


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (datetime(2026, 11, 26, 8, 59), False),  # Thursday, before nine
        (datetime(2026, 11, 26, 9, 0), True),
        (datetime(2026, 11, 26, 16, 59), True),
        (datetime(2026, 11, 26, 17, 0), False),
        (datetime(2026, 11, 28, 15, 59), True),  # an ordinary Saturday: 9-16
        (datetime(2026, 11, 28, 16, 0), False),
        (datetime(2026, 11, 29, 10, 0), False),  # Sunday
        (datetime(2026, 10, 3, 10, 0), False),  # a Saturday in the National Day holiday
        (datetime(2026, 10, 1, 10, 0), False),  # National Day (a Thursday)
    ],
)
def test_is_open(moment: datetime, open_: bool) -> None:
    assert HOURS.is_open(moment, CALENDAR) is open_


def test_a_make_up_working_saturday_has_weekday_hours() -> None:
    calendar = CALENDAR.with_overrides({date(2026, 11, 28): DayKind.WORKDAY})
    assert HOURS.hours_on(date(2026, 11, 28), calendar) == HOURS.weekdays
    assert HOURS.is_open(datetime(2026, 11, 28, 16, 30), calendar)


def test_the_home_screen_line_in_both_languages() -> None:
    line = HOURS.describe()
    assert line.zh == "办公时间：周一至周五 9:00-17:00；星期六 9:00-16:00（法定节假日除外）"
    assert line.en == (
        "Opening hours: Monday to Friday 9:00-17:00; Saturday 9:00-16:00 "
        "(closed on public holidays)"
    )
    closed = OpeningHours(HOURS.weekdays, None).describe()
    assert "星期六" not in closed.zh and "Saturday" not in closed.en
