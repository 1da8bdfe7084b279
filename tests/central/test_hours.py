"""The hall's opening hours on the central server: the Saturday slots follow the active
calendar's Saturday hours (the defaults without them, no Saturdays with a null Saturday),
`central set-hours` makes the active calendar with hours a new version, the terminals
download them, and the supervisors' 星期六预约 page says them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from central import admin, appointments
from central.__main__ import main
from central.db import Database
from central.models import CalendarVersion
from kiosk.workcalendar import WorkCalendar
from tests.central.dashboard_helpers import add_staff, sign_in
from tests.central.test_appointments import SATURDAY, book, import_test_calendar, saturdays

Capture = pytest.CaptureFixture[str]
NOW = datetime(2026, 11, 26, 2, tzinfo=UTC)


def set_hours(db: Database, weekdays: str, saturday: str | None) -> str:
    return admin.set_hours(db, admin.check_hours(weekdays, saturday), NOW)


def active(db: Database) -> tuple[str, dict[str, Any]]:
    with db.read() as s:
        row = s.scalars(select(CalendarVersion).where(CalendarVersion.active.is_(True))).one()
        return row.version, dict(row.data)


# --- the rules -------------------------------------------------------------------------------


def test_the_slots_follow_the_calendars_saturday_hours() -> None:
    plain = WorkCalendar()
    assert appointments.saturday_hours(plain) == appointments.DEFAULT_HOURS
    hours = {"weekdays": "09:00-17:00", "saturday": "10:00-14:00"}
    given = WorkCalendar.from_dict({"days": {}, "hours": hours})
    found = appointments.saturday_hours(given)
    assert found is not None
    assert found.starts() == ["10:00", "11:00", "12:00", "13:00"]
    no_saturday = WorkCalendar.from_dict({"days": {}, "hours": {**hours, "saturday": None}})
    assert appointments.saturday_hours(no_saturday) is None
    assert appointments.service_saturdays(no_saturday, date(2026, 11, 26)) == []
    assert len(appointments.service_saturdays(given, date(2026, 11, 26))) == 4


# --- through the API ----------------------------------------------------------------------------


def test_the_terminals_see_and_book_the_calendars_saturday_slots(
    db: Database, terminal: httpx.Client
) -> None:
    assert saturdays(terminal)[SATURDAY]["opens"] == "09:00"  # no calendar: the defaults
    set_hours(db, "09:00-17:00", "10:00-14:00")
    day = saturdays(terminal)[SATURDAY]
    assert (day["opens"], day["closes"]) == ("10:00", "14:00")
    assert [s["start"] for s in day["slots"]] == ["10:00", "11:00", "12:00", "13:00"]
    assert [s["end"] for s in day["slots"]][-1] == "14:00"
    refused = book(terminal, slot="09:00")  # a slot of the defaults, not of these hours
    assert refused.status_code == 422 and refused.json()["reason"] == "no_such_slot"
    assert book(terminal, slot="13:00").status_code == 201


def test_a_calendar_without_saturday_hours_offers_no_saturdays(
    db: Database, terminal: httpx.Client
) -> None:
    set_hours(db, "09:00-17:00", None)
    assert saturdays(terminal) == {}
    refused = book(terminal)
    assert refused.status_code == 409 and refused.json()["reason"] == "not_a_service_saturday"


def test_the_hours_keep_the_active_calendars_days(
    db: Database, terminal: httpx.Client, tmp_path: Path
) -> None:
    import_test_calendar(db, tmp_path)  # 5 December a holiday Saturday
    version = set_hours(db, "08:30-17:30", "09:00-12:00")
    assert version.startswith("test.1+h") and len(version) == len("test.1+h") + 6
    _, data = active(db)
    assert data["version"] == version
    assert data["hours"] == {"weekdays": "08:30-17:30", "saturday": "09:00-12:00"}
    assert "2026-12-05" in data["days"]
    assert "2026-12-05" not in saturdays(terminal)  # still a holiday
    # What the terminals download: the calendar with its hours.
    downloaded = terminal.get("/api/v1/calendar")
    assert downloaded.status_code == 200
    body = downloaded.json()
    assert body["version"] == version
    calendar = WorkCalendar.from_dict(body["calendar"])
    assert calendar.hours is not None and str(calendar.hours.weekdays) == "8:30-17:30"

    # The same hours again: the same version; other hours: another, not a longer one.
    assert set_hours(db, "08:30-17:30", "09:00-12:00") == version
    other = set_hours(db, "08:30-17:30", None)
    assert other != version and other.startswith("test.1+h") and len(other) == len(version)
    assert active(db)[0] == other
    assert set_hours(db, "08:30-17:30", "09:00-12:00") == version  # back: reactivated


def test_the_version_stays_within_its_column(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"version": "v" * admin.VERSION_WIDTH, "days": {}}), "utf-8")
    admin.import_calendar(db, path, NOW)
    version = set_hours(db, "09:00-17:00", "09:00-16:00")
    assert len(version) == admin.VERSION_WIDTH and version.endswith(version[-8:])
    assert version[-8:-6] == "+h"
    assert active(db)[0] == version


def test_without_any_calendar_the_packages_gets_the_hours(db: Database) -> None:
    version = set_hours(db, "09:00-17:00", "09:00-16:00")
    assert version.startswith("calendar+h")
    _, data = active(db)
    assert data["days"] == {} and data["hours"]["saturday"] == "09:00-16:00"


@pytest.mark.parametrize(
    ("weekdays", "saturday", "words"),
    [
        ("9-17", None, "--weekdays: '9-17' is not a time span like 09:00-17:00"),
        ("17:00-09:00", None, "--weekdays: '17:00-09:00': the closing time must come after"),
        ("09:00-17:00", "", "--saturday: '' is not a time span"),
        ("09:00-17:00", "24:00-25:00", "--saturday: '24:00-25:00' is not a time span"),
        ("09:00-17:00", "09:00-09:30", "shorter than one appointment slot (60 minutes)"),
        ("0" * 10_000, None, "--weekdays: not a time span like 09:00-17:00"),
    ],
)
def test_bad_hours_are_refused(weekdays: str, saturday: str | None, words: str) -> None:
    with pytest.raises(admin.AdminError) as refused:
        admin.check_hours(weekdays, saturday)
    assert words in str(refused.value)
    assert len(str(refused.value)) < 120


def test_an_imported_calendar_with_too_short_saturday_hours_is_refused(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "calendar.json"
    hours = {"weekdays": "09:00-17:00", "saturday": "09:00-09:45"}
    path.write_text(json.dumps({"version": "short", "days": {}, "hours": hours}), "utf-8")
    with pytest.raises(admin.AdminError, match="shorter than one appointment slot"):
        admin.import_calendar(db, path, NOW)
    path.write_text(
        json.dumps({"version": "bad", "days": {}, "hours": {"weekdays": 9, "saturday": None}}),
        "utf-8",
    )
    with pytest.raises(admin.AdminError, match=r"nothing imported: hours\.weekdays"):
        admin.import_calendar(db, path, NOW)


# --- the command line ---------------------------------------------------------------------------


def run(capsys: Capture, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_set_hours_command(sqlite_url: str, capsys: Capture) -> None:
    status, out, err = run(
        capsys, "set-hours", "--weekdays", "09:00-17:00", "--saturday", "09:00-16:00",
        "--database-url", sqlite_url,
    )  # fmt: skip
    assert status == 0, err
    assert out.startswith("Calendar calendar+h") and "Saturday 09:00-16:00" in out
    status, out, err = run(
        capsys, "set-hours", "--weekdays", "08:00-12:00", "--no-saturday",
        "--database-url", sqlite_url,
    )  # fmt: skip
    assert status == 0, err
    assert "weekdays 08:00-12:00, Saturday no service" in out
    db = Database(sqlite_url)
    try:
        _, data = active(db)
        assert data["hours"] == {"weekdays": "08:00-12:00", "saturday": None}
    finally:
        db.close()


def test_the_set_hours_command_refuses_bad_spans_in_one_line(
    sqlite_url: str, capsys: Capture
) -> None:
    status, out, err = run(
        capsys, "set-hours", "--weekdays", "09:00-17:00", "--saturday", "16:00-9:00",
        "--database-url", sqlite_url,
    )  # fmt: skip
    assert status == 1 and out == ""
    assert err == "central: --saturday: '16:00-9:00' is not a time span like 09:00-17:00\n"
    assert not Path(sqlite_url.removeprefix("sqlite:///")).exists()  # refused before opening


@pytest.mark.parametrize(
    "args",
    [
        ["set-hours", "--saturday", "09:00-16:00"],  # no --weekdays
        ["set-hours", "--weekdays", "09:00-17:00"],  # neither --saturday nor --no-saturday
        ["set-hours", "--weekdays", "09:00-17:00", "--saturday", "09:00-16:00", "--no-saturday"],
    ],
)
def test_set_hours_usage_errors(sqlite_url: str, args: list[str], capsys: Capture) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*args, "--database-url", sqlite_url])
    assert exited.value.code == 2
    capsys.readouterr()


# --- the supervisors' page ----------------------------------------------------------------------


def test_the_saturdays_page_says_the_saturday_hours(
    db: Database, server: Any, terminal: httpx.Client
) -> None:
    add_staff(db, "sun", "孙主任", "supervisor")
    set_hours(db, "09:00-17:00", "10:00-14:00")
    with httpx.Client(base_url=server.base_url, timeout=30) as browser:
        sign_in(browser, "sun")
        page = browser.get("/dashboard/saturdays").text
        assert '<span id="saturday-hours">10:00–14:00</span>' in page
        assert "<td>13:00–14:00</td>" in page and "<td>09:00–10:00</td>" not in page
        set_hours(db, "09:00-17:00", None)
        page = browser.get("/dashboard/saturdays").text
        assert 'id="saturday-hours"' not in page and 'id="no-saturdays"' in page
