"""The calendar document's opening hours (``"hours"``): read strictly, written back, and
hostile input refused with CalendarDataError only."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.hours import OpeningHours, Span
from kiosk.workcalendar import CalendarDataError, WorkCalendar

HOURS = {"weekdays": "09:00-17:00", "saturday": "09:00-16:00"}


def document(hours: object) -> dict[str, Any]:
    return {"version": "2027.1", "years": [2027], "days": {}, "hours": hours}


def test_hours_are_read() -> None:
    calendar = WorkCalendar.from_dict(
        document({"weekdays": "08:30-17:30", "saturday": "10:00-15:00"})
    )
    assert calendar.hours == OpeningHours(
        Span(time(8, 30), time(17, 30)), Span(time(10, 0), time(15, 0))
    )


def test_a_null_saturday_is_no_saturday_service() -> None:
    calendar = WorkCalendar.from_dict(document({"weekdays": "09:00-17:00", "saturday": None}))
    assert calendar.hours is not None
    assert calendar.hours.saturday is None
    assert calendar.hours.weekdays == Span.parse("09:00-17:00")


@pytest.mark.parametrize("data", [{"days": {}}, document(None)])
def test_without_hours_there_are_none(data: dict[str, Any]) -> None:
    calendar = WorkCalendar.from_dict(data)
    assert calendar.hours is None
    assert "hours" not in calendar.to_dict()


@pytest.mark.parametrize(
    "hours",
    [
        HOURS,
        {"weekdays": "07:05-23:59", "saturday": None},
        {"saturday": None, "weekdays": "00:00-00:01"},
    ],
)
def test_round_trip(hours: dict[str, Any]) -> None:
    calendar = WorkCalendar.from_dict(document(hours))
    written = calendar.to_dict()
    assert written["hours"] == hours
    again = WorkCalendar.from_dict(written)
    assert again.hours == calendar.hours
    assert again.to_dict() == written


def test_other_layers_keep_the_hours() -> None:
    calendar = WorkCalendar.from_dict(document(HOURS))
    assert calendar.with_overrides({}).hours == calendar.hours
    none = calendar.with_hours(None)
    assert none.hours is None and none.version == "2027.1"
    changed = calendar.with_hours(OpeningHours(Span.parse("08:00-12:00"), None), version="v2")
    assert changed.version == "v2"
    assert changed.to_dict()["hours"] == {"weekdays": "08:00-12:00", "saturday": None}


@pytest.mark.parametrize(
    ("hours", "words"),
    [
        ([], "hours: expected an object, got list"),
        ("09:00-17:00", "hours: expected an object, got str"),
        (True, "hours: expected an object, got bool"),
        ({"saturday": None}, "hours.weekdays: missing"),
        ({"weekdays": "09:00-17:00"}, "hours.saturday: missing"),
        ({**HOURS, "sunday": "09:00-12:00"}, "hours: unknown key 'sunday'"),
        ({**HOURS, "x" * 10_000: 1}, "hours: unknown key 'xxxx"),
        ({"weekdays": None, "saturday": None}, "hours.weekdays: expected a time span"),
        (
            {"weekdays": 900, "saturday": None},
            "hours.weekdays: expected a time span like 09:00-17:00, got int",
        ),
        ({"weekdays": "9:00-17:00", "saturday": None}, "hours.weekdays: not a time span"),
        ({"weekdays": "09:00-17:00\n", "saturday": None}, "hours.weekdays: not a time span"),
        ({"weekdays": "09:00–17:00", "saturday": None}, "hours.weekdays: '09:00–17:00' is not"),
        ({"weekdays": "24:00-25:00", "saturday": None}, "is not a time span"),
        ({"weekdays": "17:00-09:00", "saturday": None}, "closing time must come after"),
        ({"weekdays": "09:00-09:00", "saturday": None}, "closing time must come after"),
        ({"weekdays": "09:00-17:00", "saturday": ["09:00", "16:00"]}, "hours.saturday: expected"),
        ({"weekdays": "09:00-17:00", "saturday": ""}, "hours.saturday: not a time span"),
        ({"weekdays": "09:00-17:00", "saturday": "9" * 100_000}, "hours.saturday: not a time"),
        ({"weekdays": "０９:００-１７:００", "saturday": None}, "hours.weekdays"),
        ({"weekdays": "1９:00-20:00", "saturday": None}, "is not a time span"),  # ASCII only
    ],
)
def test_bad_hours_are_refused_with_a_clear_message(hours: object, words: str) -> None:
    with pytest.raises(CalendarDataError) as refused:
        WorkCalendar.from_dict(document(hours))
    message = str(refused.value)
    assert words in message
    assert len(message) < 200  # a huge value is never echoed


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    hours=json_values
    | st.fixed_dictionaries(
        {
            "weekdays": json_values | st.text(max_size=12),
            "saturday": json_values | st.text(max_size=12),
        }
    )
    | st.fixed_dictionaries(
        {
            "weekdays": st.from_regex(
                r"[0-2][0-9]:[0-6][0-9]-[0-2][0-9]:[0-6][0-9]", fullmatch=True
            ),
            "saturday": st.none()
            | st.from_regex(r"[0-2][0-9]:[0-6][0-9]-[0-2][0-9]:[0-6][0-9]", fullmatch=True),
        }
    )
)
def test_hostile_hours_raise_only_calendar_data_errors(hours: object) -> None:
    try:
        calendar = WorkCalendar.from_dict(document(hours))
    except CalendarDataError:
        return
    # Accepted: it is written back as read, and reads again the same.
    assert isinstance(hours, dict) or hours is None
    assert WorkCalendar.from_dict(calendar.to_dict()).hours == calendar.hours
    if hours is not None:
        assert calendar.to_dict()["hours"] == hours
