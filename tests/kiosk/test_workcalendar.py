import json
import logging
from collections.abc import Mapping
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.workcalendar import (
    CalendarDataError,
    DayKind,
    WorkCalendar,
    default_calendar,
)

LOGGER = "kiosk.workcalendar"

# Looked up in chinese_calendar.constants (chinesecalendar 1.11.0) for 2026:
#   workdays (调休): 2026-01-04 Sun, 2026-02-14 Sat, 2026-02-28 Sat, 2026-05-09 Sat,
#                    2026-09-20 Sun, 2026-10-10 Sat
#   Spring Festival holidays: 2026-02-15 .. 2026-02-23 (made up on 02-14 and 02-28)
#   National Day holidays:    2026-10-01 (Thu) .. 2026-10-07 (Wed) (made up on 10-10)
MAKE_UP_2026 = [
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]
SPRING_FESTIVAL_2026 = [date(2026, 2, 15) + timedelta(days=i) for i in range(9)]
GOLDEN_WEEK_2026 = [date(2026, 10, 1) + timedelta(days=i) for i in range(7)]

SERVER_CALENDAR: dict[str, object] = {
    "version": "2027.1",
    "years": [2027],
    "days": {
        "2027-01-01": {"kind": "holiday", "name": "元旦"},
        "2027-02-06": {"kind": "workday", "name": "春节调休"},
    },
}


def calendar_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and r.levelno >= logging.WARNING]


# -- package data ----------------------------------------------------------------------


def test_hard_coded_2026_dates_match_the_package() -> None:
    from chinese_calendar import constants  # type: ignore[import-untyped]

    assert sorted(d for d in constants.workdays if d.year == 2026) == MAKE_UP_2026
    for day in SPRING_FESTIVAL_2026 + GOLDEN_WEEK_2026:
        assert day in constants.holidays


@pytest.mark.parametrize("day", GOLDEN_WEEK_2026)
def test_national_day_golden_week_is_not_working(day: date) -> None:
    calendar = WorkCalendar()
    assert not calendar.is_working_day(day)
    assert calendar.is_statutory_holiday(day)


@pytest.mark.parametrize("day", SPRING_FESTIVAL_2026)
def test_spring_festival_is_not_working(day: date) -> None:
    assert not WorkCalendar().is_working_day(day)


@pytest.mark.parametrize("day", MAKE_UP_2026)
def test_make_up_weekend_days_are_working(day: date) -> None:
    calendar = WorkCalendar()
    assert day.weekday() >= 5
    assert calendar.is_working_day(day)
    assert not calendar.is_statutory_holiday(day)


def test_ordinary_days() -> None:
    calendar = WorkCalendar()
    assert calendar.is_working_day(date(2026, 3, 6))  # Friday
    assert not calendar.is_working_day(date(2026, 3, 7))  # Saturday
    assert not calendar.is_working_day(date(2026, 3, 8))  # Sunday
    assert not calendar.is_statutory_holiday(date(2026, 3, 7))  # a weekend, not a holiday


def test_datetime_is_treated_as_its_date() -> None:
    calendar = WorkCalendar({date(2026, 3, 6): DayKind.HOLIDAY})
    assert not calendar.is_working_day(datetime(2026, 3, 6, 10, 30))
    assert not calendar.is_working_day(datetime(2026, 10, 1, 9))
    assert calendar.add_working_days(datetime(2026, 3, 5, 15), 1) == date(2026, 3, 9)


def test_day_names() -> None:
    calendar = WorkCalendar.from_dict(SERVER_CALENDAR)
    assert calendar.day_name(date(2026, 10, 1)) == "国庆节"
    assert calendar.day_name(date(2026, 2, 14)) == "春节调休"
    assert calendar.day_name(date(2027, 1, 1)) == "元旦"
    assert calendar.day_name(date(2026, 3, 6)) is None


# -- counting ----------------------------------------------------------------------------


def test_add_working_days_across_a_weekend() -> None:
    calendar = WorkCalendar()
    assert calendar.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Fri -> Mon
    assert calendar.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # Sat -> Mon
    assert calendar.add_working_days(date(2026, 3, 4), 5) == date(2026, 3, 11)


def test_add_working_days_across_golden_week() -> None:
    calendar = WorkCalendar()
    start = date(2026, 9, 30)  # Wednesday, the day before National Day
    assert calendar.add_working_days(start, 1) == date(2026, 10, 8)  # Thursday
    assert calendar.add_working_days(start, 2) == date(2026, 10, 9)  # Friday
    assert calendar.add_working_days(start, 3) == date(2026, 10, 10)  # make-up Saturday
    assert calendar.add_working_days(start, 4) == date(2026, 10, 12)  # Monday
    # 容缺受理: 5 working days from the Tuesday before National Day.
    assert calendar.add_working_days(date(2026, 9, 29), 5) == date(2026, 10, 12)


def test_add_working_days_across_spring_festival_make_up_days() -> None:
    calendar = WorkCalendar()
    assert calendar.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)  # Sat 调休
    assert calendar.add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)  # Tuesday
    assert calendar.add_working_days(date(2026, 2, 27), 1) == date(2026, 2, 28)  # Sat 调休


def test_add_working_days_zero_returns_start_even_on_a_holiday() -> None:
    calendar = WorkCalendar()
    assert calendar.add_working_days(date(2026, 10, 3), 0) == date(2026, 10, 3)
    assert calendar.add_working_days(date(2026, 3, 6), 0) == date(2026, 3, 6)


def test_add_working_days_negative_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="n must be >= 0"):
        WorkCalendar().add_working_days(date(2026, 3, 6), -1)


def test_add_working_days_bounded_even_if_data_has_no_working_days() -> None:
    start = date(2026, 3, 1)
    everything_off = {start + timedelta(days=i): DayKind.HOLIDAY for i in range(1, 1000)}
    calendar = WorkCalendar(everything_off)
    with pytest.raises(ValueError, match="calendar data is wrong"):
        calendar.add_working_days(start, 1)


def test_working_days_between() -> None:
    calendar = WorkCalendar()
    assert calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3
    assert calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 7)) == 0
    assert calendar.working_days_between(date(2026, 3, 6), date(2026, 3, 13)) == 5
    assert calendar.working_days_between(date(2026, 3, 6), date(2026, 3, 6)) == 0
    assert calendar.working_days_between(date(2026, 3, 13), date(2026, 3, 6)) == 0
    # The whole of 2026: 261 weekdays, minus 19 weekday holidays, plus 6 make-up days.
    assert calendar.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


def _brute_force_count(calendar: WorkCalendar, start: date, end: date) -> int:
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def test_whole_2026_count_matches_a_day_by_day_count() -> None:
    calendar = WorkCalendar()
    start, end = date(2025, 12, 31), date(2026, 12, 31)
    assert calendar.working_days_between(start, end) == _brute_force_count(calendar, start, end)


_LAYERED = WorkCalendar.from_dict(SERVER_CALENDAR).with_overrides(
    {date(2026, 10, 9): DayKind.HOLIDAY, date(2026, 10, 10): DayKind.HOLIDAY}
)


@given(
    start=st.dates(min_value=date(2025, 6, 1), max_value=date(2027, 6, 1)),
    n=st.integers(min_value=0, max_value=40),
)
def test_add_and_count_agree(start: date, n: int) -> None:
    end = _LAYERED.add_working_days(start, n)
    assert _LAYERED.working_days_between(start, end) == n
    assert _LAYERED.working_days_between(start, end) == _brute_force_count(_LAYERED, start, end)
    assert n == 0 or _LAYERED.is_working_day(end)


# -- years the package does not cover -----------------------------------------------------


def test_covers() -> None:
    calendar = WorkCalendar()
    assert calendar.covers(2026)
    assert calendar.covers(2004)
    assert not calendar.covers(2003)
    assert not calendar.covers(2027)
    assert WorkCalendar(covered_years=[2027]).covers(2027)


def test_uncovered_year_falls_back_to_weekdays_and_warns_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    calendar = WorkCalendar()
    new_year = date(2027, 1, 1)  # a Friday; surely a holiday, but not in the package
    for _ in range(50):
        assert calendar.is_working_day(new_year)
    assert not calendar.is_working_day(date(2027, 1, 2))  # Saturday
    assert not calendar.is_statutory_holiday(new_year)
    assert calendar.is_saturday_service_day(date(2027, 1, 2))
    assert calendar.add_working_days(date(2026, 12, 31), 1) == new_year
    assert calendar.add_working_days(date(2027, 1, 1), 5) == date(2027, 1, 8)
    assert calendar.working_days_between(date(2027, 1, 1), date(2027, 1, 8)) == 5

    records = calendar_warnings(caplog)
    assert len(records) == 1
    message = records[0].getMessage()
    assert "2027" in message
    assert "holidays" in message and "not known" in message


def test_warning_is_per_year_and_per_calendar(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    first = WorkCalendar()
    first.is_working_day(date(2027, 3, 1))
    first.is_working_day(date(2028, 3, 1))
    first.is_working_day(date(2027, 3, 2))
    WorkCalendar().is_working_day(date(2027, 3, 1))
    messages = [r.getMessage() for r in calendar_warnings(caplog)]
    assert len(messages) == 3
    assert sum("2027" in m for m in messages) == 2
    assert sum("2028" in m for m in messages) == 1


def test_overrides_win_and_covered_years_silence_the_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    calendar = WorkCalendar(
        {date(2027, 1, 1): DayKind.HOLIDAY, date(2027, 2, 6): DayKind.WORKDAY},
        covered_years=[2027],
    )
    assert not calendar.is_working_day(date(2027, 1, 1))
    assert calendar.is_statutory_holiday(date(2027, 1, 1))
    assert calendar.is_working_day(date(2027, 2, 6))  # a Saturday made a working day
    assert calendar.is_working_day(date(2027, 1, 4))  # an unlisted Monday
    assert calendar.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert calendar.working_days_between(date(2026, 12, 31), date(2027, 1, 8)) == 5
    assert calendar_warnings(caplog) == []


def test_overrides_win_over_package_data() -> None:
    calendar = WorkCalendar(
        {
            date(2026, 10, 8): DayKind.HOLIDAY,  # package: an ordinary Thursday
            date(2026, 10, 10): DayKind.HOLIDAY,  # package: a make-up Saturday
            date(2026, 10, 7): DayKind.WORKDAY,  # package: National Day
        }
    )
    assert not calendar.is_working_day(date(2026, 10, 8))
    assert calendar.is_statutory_holiday(date(2026, 10, 8))
    assert not calendar.is_working_day(date(2026, 10, 10))
    assert calendar.is_working_day(date(2026, 10, 7))
    assert not calendar.is_statutory_holiday(date(2026, 10, 7))
    assert calendar.add_working_days(date(2026, 9, 30), 2) == date(2026, 10, 9)


def test_with_overrides_layers_a_new_calendar() -> None:
    base = WorkCalendar.from_dict(SERVER_CALENDAR)
    layered = base.with_overrides(
        {date(2027, 1, 1): DayKind.WORKDAY, date(2028, 1, 3): DayKind.HOLIDAY},
        covered_years=[2028],
        names={date(2028, 1, 3): "元旦"},
    )
    assert layered.is_working_day(date(2027, 1, 1))
    assert not layered.is_working_day(date(2028, 1, 3))
    assert layered.is_working_day(date(2027, 2, 6))  # kept from the base
    assert layered.covered_years == {2027, 2028}
    assert layered.version == "2027.1"
    assert layered.day_name(date(2027, 1, 1)) is None  # replaced entry lost its old name
    assert layered.day_name(date(2028, 1, 3)) == "元旦"
    # The base is unchanged.
    assert not base.is_working_day(date(2027, 1, 1))
    assert base.covered_years == {2027}
    assert base.with_overrides({}, version="2027.2").version == "2027.2"


def test_constructor_checks_its_arguments() -> None:
    with pytest.raises(ValueError):
        WorkCalendar({date(2027, 1, 1): "rest"})  # type: ignore[dict-item]
    assert WorkCalendar({date(2027, 1, 1): "holiday"}).overrides == {  # type: ignore[dict-item]
        date(2027, 1, 1): DayKind.HOLIDAY
    }
    with pytest.raises(ValueError, match="not overridden"):
        WorkCalendar(names={date(2027, 1, 1): "元旦"})
    with pytest.raises(ValueError, match="covered year"):
        WorkCalendar(covered_years=[0])


# -- Saturday service (政务 5+1) ---------------------------------------------------------


def test_saturday_service_days() -> None:
    calendar = WorkCalendar()
    assert calendar.is_saturday_service_day(date(2026, 3, 7))  # an ordinary Saturday
    assert not calendar.is_saturday_service_day(date(2026, 10, 3))  # Golden Week Saturday
    make_up = date(2026, 10, 10)  # 调休: a normal working day, not Saturday service
    assert not calendar.is_saturday_service_day(make_up)
    assert calendar.is_working_day(make_up)
    assert not calendar.is_saturday_service_day(date(2026, 2, 21))  # Spring Festival Saturday
    assert not calendar.is_saturday_service_day(date(2026, 3, 6))  # Friday
    assert not calendar.is_saturday_service_day(date(2026, 3, 8))  # Sunday


def test_saturday_service_follows_the_server_calendar(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    calendar = WorkCalendar(
        {date(2027, 10, 2): DayKind.HOLIDAY, date(2027, 9, 25): DayKind.WORKDAY},
        covered_years=[2027],
    )
    assert not calendar.is_saturday_service_day(date(2027, 10, 2))  # National Day Saturday
    assert not calendar.is_saturday_service_day(date(2027, 9, 25))  # make-up Saturday
    assert calendar.is_saturday_service_day(date(2027, 10, 9))
    assert calendar_warnings(caplog) == []


# -- the server's form ---------------------------------------------------------------------


def test_from_dict() -> None:
    calendar = WorkCalendar.from_dict(SERVER_CALENDAR)
    assert calendar.version == "2027.1"
    assert calendar.covers(2027)
    assert calendar.overrides == {
        date(2027, 1, 1): DayKind.HOLIDAY,
        date(2027, 2, 6): DayKind.WORKDAY,
    }
    assert not calendar.is_working_day(date(2027, 1, 1))
    assert calendar.is_working_day(date(2027, 2, 6))


def test_round_trip_through_json() -> None:
    calendar = WorkCalendar.from_dict(SERVER_CALENDAR)
    document = json.loads(json.dumps(calendar.to_dict(), ensure_ascii=False))
    assert document == SERVER_CALENDAR
    again = WorkCalendar.from_dict(document)
    assert again.to_dict() == calendar.to_dict()
    assert again.names == calendar.names


def test_minimal_documents() -> None:
    empty = WorkCalendar.from_dict({"days": {}})
    assert empty.version is None
    assert empty.to_dict() == {"years": [], "days": {}}
    assert WorkCalendar.from_dict(empty.to_dict()).to_dict() == empty.to_dict()
    nameless = WorkCalendar.from_dict(
        {"days": {"2027-01-01": {"kind": "holiday", "name": None}}, "extra": 1}
    )
    assert nameless.day_name(date(2027, 1, 1)) is None
    assert WorkCalendar().to_dict() == {"years": [], "days": {}}


def _with_days(days: object) -> dict[str, object]:
    return {"version": "2027.1", "years": [2027], "days": days}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param(_with_days({"2027-13-01": {"kind": "holiday"}}), "2027-13-01", id="month"),
        pytest.param(_with_days({"2027-02-30": {"kind": "holiday"}}), "2027-02-30", id="day"),
        pytest.param(_with_days({"2027-1-1": {"kind": "holiday"}}), "2027-1-1", id="short"),
        pytest.param(_with_days({"20270101": {"kind": "holiday"}}), "20270101", id="basic"),
        pytest.param(_with_days({"next friday": {"kind": "holiday"}}), "next friday", id="text"),
        pytest.param(_with_days({"2027-01-01": {"kind": "rest"}}), "'rest'", id="kind"),
        pytest.param(_with_days({"2027-01-01": {"kind": 1}}), "2027-01-01'].kind", id="kindtype"),
        pytest.param(_with_days({"2027-01-01": {"name": "x"}}), "2027-01-01'].kind", id="nokind"),
        pytest.param(_with_days({"2027-01-01": "holiday"}), "2027-01-01", id="entrytype"),
        pytest.param(
            _with_days({"2027-01-01": {"kind": "holiday", "name": 5}}),
            "2027-01-01'].name",
            id="nametype",
        ),
        pytest.param(_with_days(["2027-01-01"]), "days", id="daystype"),
        pytest.param({"version": "x", "years": []}, "days", id="nodays"),
        pytest.param({"years": ["2027"], "days": {}}, "years[0]", id="yearstring"),
        pytest.param({"years": [2027, True], "days": {}}, "years[1]", id="yearbool"),
        pytest.param({"years": [10000], "days": {}}, "years[0]", id="yearrange"),
        pytest.param({"years": 2027, "days": {}}, "years", id="yearstype"),
        pytest.param({"version": 2027.1, "days": {}}, "version", id="version"),
        pytest.param(["not", "a", "mapping"], "calendar", id="toplevel"),
    ],
)
def test_from_dict_refuses_bad_data(document: object, expected: str) -> None:
    with pytest.raises(CalendarDataError) as caught:
        WorkCalendar.from_dict(document)  # type: ignore[arg-type]
    assert expected in str(caught.value)
    assert isinstance(caught.value, ValueError)


# -- extremes ----------------------------------------------------------------------------


@pytest.mark.parametrize("day", [date.min, date(1, 1, 6), date(9999, 12, 25), date.max])
def test_extreme_dates_never_raise(day: date) -> None:
    calendar = WorkCalendar()
    assert calendar.is_working_day(day) == (day.weekday() < 5)
    assert not calendar.is_statutory_holiday(day)
    assert calendar.is_saturday_service_day(day) == (day.weekday() == 5)
    assert calendar.add_working_days(day, 0) == day


def test_counting_near_the_ends_of_the_date_range() -> None:
    calendar = WorkCalendar()
    assert calendar.add_working_days(date(1, 1, 1), 5) == date(1, 1, 8)  # Mon -> next Mon
    assert calendar.add_working_days(date(9999, 12, 20), 3) == date(9999, 12, 23)
    assert calendar.working_days_between(date.min, date(1, 1, 31)) == 22
    assert calendar.working_days_between(date(9999, 12, 1), date.max) == 22
    with pytest.raises(ValueError, match="beyond"):
        calendar.add_working_days(date.max, 1)
    with pytest.raises(ValueError, match="beyond"):
        calendar.add_working_days(date(9999, 12, 30), 2)  # Thursday, then only Friday
    with pytest.raises(ValueError, match="beyond"):
        calendar.add_working_days(date(2026, 1, 1), 10**9)


# -- the shared calendar ---------------------------------------------------------------------


def test_default_calendar_is_shared_and_has_no_overrides() -> None:
    assert default_calendar() is default_calendar()
    assert default_calendar().overrides == {}
    assert default_calendar().version is None
    assert not default_calendar().is_working_day(date(2026, 10, 1))


def test_overrides_are_read_only() -> None:
    overrides: dict[date, DayKind] = {date(2027, 1, 1): DayKind.HOLIDAY}
    calendar = WorkCalendar(overrides)
    overrides[date(2027, 1, 1)] = DayKind.WORKDAY  # the caller's dict is copied
    assert not calendar.is_working_day(date(2027, 1, 1))
    view = calendar.overrides
    assert isinstance(view, Mapping)
    with pytest.raises(TypeError):
        view[date(2027, 1, 2)] = DayKind.HOLIDAY  # type: ignore[index]


def test_missing_package_data_falls_back_to_weekdays(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import sys

    from kiosk import workcalendar

    caplog.set_level(logging.WARNING, logger=LOGGER)
    # None in sys.modules makes importing the package's data fail with ImportError.
    monkeypatch.setitem(sys.modules, "chinese_calendar.constants", None)
    workcalendar._package_data.cache_clear()
    try:
        calendar = WorkCalendar()
        assert calendar.is_working_day(date(2026, 10, 1))  # unknown now: a Thursday
        assert not calendar.covers(2026)
        assert calendar.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 1)
        assert calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 7)) == 5
    finally:
        monkeypatch.undo()
        workcalendar._package_data.cache_clear()
    assert WorkCalendar().covers(2026)
    messages = [r.getMessage() for r in calendar_warnings(caplog)]
    assert any("chinesecalendar data unavailable" in m for m in messages)
    assert sum("2026" in m for m in messages) == 1
