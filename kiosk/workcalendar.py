"""Working days for due dates: weekends, statutory holidays and make-up working days (调休).

A material accepted under 容缺受理 must be supplied within a number of *working days*; a
working day is Monday to Friday, except statutory holidays (法定节假日) and the weekdays
given off around them, plus the make-up working days (调休) that fall on a weekend.

Where the data comes from, in order of precedence:

1. *Overrides*: days listed explicitly, normally by the central server (`from_dict`),
   which may correct or extend what the terminal knows.
2. The `chinesecalendar` package (import name ``chinese_calendar``), which knows the
   years the State Council had published when the package was released.
3. For a year neither covers, the weekday rule (Monday to Friday are working days).
   Holidays of that year are then unknown: one warning per year per calendar is logged
   on ``kiosk.workcalendar``, and nothing raises. A year the server declares it fully
   describes (``covered_years``) uses the weekday rule for unlisted days without a
   warning.

The hall's Saturday service (政务 5+1) runs every Saturday except statutory holidays;
on a make-up working Saturday the hall runs a normal working day instead
(`WorkCalendar.is_saturday_service_day`).

The central server's form of a calendar (see `WorkCalendar.from_dict`)::

    {"version": "2027.1", "years": [2027],
     "days": {"2027-01-01": {"kind": "holiday", "name": "元旦"},
              "2027-02-06": {"kind": "workday", "name": "春节调休"}},
     "hours": {"weekdays": "09:00-17:00", "saturday": "09:00-16:00"}}

``hours`` is optional: the hall's opening hours, which the terminals show and the central
server's Saturday appointments follow (``saturday`` null: no Saturday service). Without
it each terminal keeps its config's ``[hours]`` and the server its defaults.

Plain Python: no Qt, no I/O apart from reading the installed package's data on first use.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import logging
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from kiosk.hours import OpeningHours, Span

__all__ = [
    "CalendarDataError",
    "DayKind",
    "WorkCalendar",
    "default_calendar",
]

logger = logging.getLogger("kiosk.workcalendar")

_ONE_DAY = timedelta(days=1)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MAKE_UP_SUFFIX = "调休"


class DayKind(StrEnum):
    """What an explicitly listed day is."""

    WORKDAY = "workday"
    """A working day, including a make-up working day (调休) on a weekend."""
    HOLIDAY = "holiday"
    """A statutory holiday or a rest day given around one (no work)."""


class CalendarDataError(ValueError):
    """A calendar document (normally from the central server) is malformed."""


@dataclass(frozen=True, slots=True)
class _PackageData:
    """A validated snapshot of the ``chinese_calendar`` package's tables."""

    holidays: Mapping[date, str]
    workdays: Mapping[date, str]
    years: frozenset[int]
    chinese_names: Mapping[str, str]


_NO_PACKAGE_DATA = _PackageData(
    holidays=MappingProxyType({}),
    workdays=MappingProxyType({}),
    years=frozenset(),
    chinese_names=MappingProxyType({}),
)


def _date_table(value: object, label: str) -> dict[date, str]:
    if not isinstance(value, Mapping):
        raise TypeError(f"chinese_calendar.constants.{label} is not a mapping")
    table: dict[date, str] = {}
    for key, name in value.items():
        if not isinstance(key, date) or isinstance(key, datetime):
            raise TypeError(f"chinese_calendar.constants.{label} has a non-date key {key!r}")
        table[key] = name if isinstance(name, str) else str(name)
    return table


@functools.cache
def _package_data() -> _PackageData:
    """Read the package's tables once; any failure leaves the calendar on the weekday rule."""
    try:
        constants = importlib.import_module("chinese_calendar.constants")
        holidays = _date_table(getattr(constants, "holidays", None), "holidays")
        workdays = _date_table(getattr(constants, "workdays", None), "workdays")
        chinese_names: dict[str, str] = {}
        for member in getattr(constants, "Holiday", ()):
            english, chinese = getattr(member, "value", None), getattr(member, "chinese", None)
            if isinstance(english, str) and isinstance(chinese, str):
                chinese_names[english] = chinese
    except Exception:
        logger.warning(
            "chinesecalendar data unavailable: statutory holidays are known only from "
            "the central server's calendar",
            exc_info=True,
        )
        return _NO_PACKAGE_DATA
    # The package's own rule: a year between its first and last listed holiday is covered.
    years = (
        frozenset(range(min(holidays).year, max(holidays).year + 1)) if holidays else frozenset()
    )
    return _PackageData(
        holidays=MappingProxyType(holidays),
        workdays=MappingProxyType(workdays),
        years=years,
        chinese_names=MappingProxyType(chinese_names),
    )


def _as_date(day: date) -> date:
    """A `datetime` (a subclass of `date`) as its date, so lookups by date match it."""
    return day.date() if isinstance(day, datetime) else day


def _is_weekday(day: date) -> bool:
    return day.weekday() < 5


def _weekdays_up_to(ordinal: int) -> int:
    """Mondays to Fridays among proleptic ordinals 1..ordinal (ordinal 1 is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _check_years(years: Iterable[int]) -> frozenset[int]:
    checked = frozenset(years)
    for year in checked:
        if isinstance(year, bool) or not isinstance(year, int) or not MINYEAR <= year <= MAXYEAR:
            raise ValueError(f"covered year must be an int in {MINYEAR}..{MAXYEAR}, got {year!r}")
    return checked


class WorkCalendar:
    """Working days from explicit overrides, then the package's data, then the weekday rule.

    Immutable apart from the record of which years it has already warned about; safe to
    share between threads.
    """

    def __init__(
        self,
        overrides: Mapping[date, DayKind] | None = None,
        covered_years: Iterable[int] = (),
        *,
        names: Mapping[date, str] | None = None,
        version: str | None = None,
        hours: OpeningHours | None = None,
    ) -> None:
        """Build a calendar.

        `overrides` win over the package's data. `covered_years` are years the overrides
        describe completely (every exception to the weekday rule is listed), so no warning is
        logged for them. `names` labels overridden days (e.g. "元旦", "春节调休"); a name for a
        day that is not overridden is a ValueError. `version` is the server calendar's version.
        `hours` are the hall's opening hours the server gives (None: it gives none).
        """
        table: dict[date, DayKind] = {}
        for day, kind in (overrides or {}).items():
            if not isinstance(day, date):
                raise TypeError(f"override key must be a date, got {day!r}")
            table[_as_date(day)] = DayKind(kind)
        labels: dict[date, str] = {}
        for day, name in (names or {}).items():
            if not isinstance(day, date):
                raise TypeError(f"name key must be a date, got {day!r}")
            if not isinstance(name, str):
                raise TypeError(f"name for {day} must be a str, got {name!r}")
            if _as_date(day) not in table:
                raise ValueError(f"name {name!r} given for {day}, which is not overridden")
            labels[_as_date(day)] = name
        if version is not None and not isinstance(version, str):
            raise TypeError(f"version must be a str or None, got {version!r}")
        if hours is not None and not isinstance(hours, OpeningHours):
            raise TypeError(f"hours must be OpeningHours or None, got {hours!r}")

        package = _package_data()
        self._overrides: Mapping[date, DayKind] = MappingProxyType(table)
        self._names: Mapping[date, str] = MappingProxyType(labels)
        self._covered_years = _check_years(covered_years)
        self._version = version
        self._hours = hours
        # Every day that may differ from the weekday rule, for working_days_between.
        self._exception_days: tuple[date, ...] = tuple(
            sorted(table.keys() | package.holidays.keys() | package.workdays.keys())
        )
        self._warned_years: set[int] = set()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(version={self._version!r}, overrides={len(self._overrides)}, "
            f"covered_years={sorted(self._covered_years)})"
        )

    # -- what the calendar holds -------------------------------------------------------

    @property
    def version(self) -> str | None:
        """The version of the server calendar this was built from, if any."""
        return self._version

    @property
    def hours(self) -> OpeningHours | None:
        """The hall's opening hours from the server's calendar, or None when it has none."""
        return self._hours

    def with_hours(self, hours: OpeningHours | None, *, version: str | None = None) -> WorkCalendar:
        """The same days with `hours` (None: none); the version is `version`, else this one's."""
        return WorkCalendar(
            self._overrides,
            self._covered_years,
            names=self._names,
            version=version if version is not None else self._version,
            hours=hours,
        )

    @property
    def overrides(self) -> Mapping[date, DayKind]:
        """The explicitly listed days (read-only)."""
        return self._overrides

    @property
    def names(self) -> Mapping[date, str]:
        """Names of explicitly listed days (read-only)."""
        return self._names

    @property
    def covered_years(self) -> frozenset[int]:
        """Years the overrides describe completely."""
        return self._covered_years

    def covers(self, year: int) -> bool:
        """Whether holidays of `year` are known (package data or a covered override year)."""
        return year in self._covered_years or year in _package_data().years

    # -- questions about days ----------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Whether the hall works on `day`. Never raises for any date."""
        day = _as_date(day)
        kind = self._overrides.get(day)
        if kind is not None:
            return kind is DayKind.WORKDAY
        package = _package_data()
        if day.year in package.years:
            if day in package.workdays:
                return True
            if day in package.holidays:
                return False
        elif day.year not in self._covered_years:
            self._warn_unknown_year(day.year)
        return _is_weekday(day)

    def is_statutory_holiday(self, day: date) -> bool:
        """Whether `day` is a listed holiday or rest day on which nobody works.

        True for every day of a holiday period, including its weekend days (a Saturday in
        the National Day Golden Week) and weekdays given off in lieu; False for an ordinary
        weekend, a make-up working day (调休), and any day of a year whose holidays are
        unknown and not overridden.
        """
        day = _as_date(day)
        if self.is_working_day(day):
            return False
        if self._overrides.get(day) is DayKind.HOLIDAY:
            return True
        package = _package_data()
        return day.year in package.years and day in package.holidays

    def is_saturday_service_day(self, day: date) -> bool:
        """Whether `day` is a Saturday of the hall's Saturday service (政务 5+1).

        Every Saturday except a statutory holiday and except a make-up working Saturday (on
        which the hall runs a normal working day: `is_working_day` is True for it instead).
        """
        day = _as_date(day)
        return (
            day.weekday() == 5
            and not self.is_working_day(day)
            and not self.is_statutory_holiday(day)
        )

    def day_name(self, day: date) -> str | None:
        """The name of a listed day: the override's name, else the package's, in Chinese.

        A make-up working day from the package is named after its holiday with "调休"
        appended (e.g. "春节调休"). None for an unlisted day or an unnamed override.
        """
        day = _as_date(day)
        if day in self._overrides:
            return self._names.get(day)
        package = _package_data()
        if day in package.holidays:
            english = package.holidays[day]
            return package.chinese_names.get(english, english)
        if day in package.workdays:
            english = package.workdays[day]
            return package.chinese_names.get(english, english) + _MAKE_UP_SUFFIX
        return None

    # -- counting ----------------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (`start` itself not counted).

        ``n == 0`` returns `start`. A negative `n` is a programming error (ValueError). A
        result beyond `datetime.date.max` is a ValueError too.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        start = _as_date(start)
        if n == 0:
            return start
        if n > (date.max - start).days:
            raise ValueError(f"{n} working days after {start} is beyond {date.max}")
        # Bounded: no calendar has a week-long run of rest days every week, nor a rest
        # period of more than a year; exceeding this means the calendar data is broken.
        limit = n * 7 + 400
        day = start
        found = 0
        for _ in range(limit):
            if day == date.max:
                raise ValueError(f"{n} working days after {start} is beyond {date.max}")
            day += _ONE_DAY
            if self.is_working_day(day):
                found += 1
                if found == n:
                    return day
        raise ValueError(
            f"no {n} working days within {limit} days after {start}: the calendar data is wrong"
        )

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days d with start < d <= end; 0 if end <= start."""
        start, end = _as_date(start), _as_date(end)
        if end <= start:
            return 0
        for year in range((start + _ONE_DAY).year, end.year + 1):
            if not self.covers(year):
                self._warn_unknown_year(year)
        count = _weekdays_up_to(end.toordinal()) - _weekdays_up_to(start.toordinal())
        low = bisect.bisect_right(self._exception_days, start)
        high = bisect.bisect_right(self._exception_days, end)
        for day in self._exception_days[low:high]:
            count += int(self.is_working_day(day)) - int(_is_weekday(day))
        return count

    # -- layering and the server's form --------------------------------------------------

    def with_overrides(
        self,
        overrides: Mapping[date, DayKind],
        covered_years: Iterable[int] = (),
        *,
        names: Mapping[date, str] | None = None,
        version: str | None = None,
    ) -> WorkCalendar:
        """A new calendar with `overrides` layered on top of this one's.

        New entries win; a replaced day loses its old name unless `names` gives one. Covered
        years are the union of both. The version is `version`, or else this calendar's; the
        hours are this calendar's.
        """
        replaced = {_as_date(day) for day in overrides}
        merged_names = {day: name for day, name in self._names.items() if day not in replaced}
        merged_names.update(names or {})
        return WorkCalendar(
            {**self._overrides, **overrides},
            self._covered_years | _check_years(covered_years),
            names=merged_names,
            version=version if version is not None else self._version,
            hours=self._hours,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> WorkCalendar:
        """Build a calendar from the central server's JSON form, refusing malformed data.

        ``days`` is required (it may be empty); ``version`` (a string), ``years`` (a list
        of ints) and ``hours`` (see `_parse_hours`; null is the same as absent) are
        optional; unknown top-level keys are ignored so the server can add fields. Raises
        `CalendarDataError` naming the offending entry.
        """
        if not isinstance(data, Mapping):
            raise CalendarDataError(f"calendar: expected an object, got {_type_name(data)}")

        version = data.get("version")
        if version is not None and not isinstance(version, str):
            raise CalendarDataError(f"version: expected a string, got {_type_name(version)}")

        raw_years = data.get("years", [])
        if not isinstance(raw_years, list | tuple):
            raise CalendarDataError(f"years: expected a list, got {_type_name(raw_years)}")
        years: list[int] = []
        for index, year in enumerate(raw_years):
            if isinstance(year, bool) or not isinstance(year, int):
                raise CalendarDataError(
                    f"years[{index}]: expected an integer year, got {_type_name(year)} {year!r}"
                )
            if not MINYEAR <= year <= MAXYEAR:
                raise CalendarDataError(f"years[{index}]: year {year} outside {MINYEAR}..{MAXYEAR}")
            years.append(year)

        if "days" not in data:
            raise CalendarDataError("days: missing")
        raw_days = data["days"]
        if not isinstance(raw_days, Mapping):
            raise CalendarDataError(f"days: expected an object, got {_type_name(raw_days)}")
        overrides: dict[date, DayKind] = {}
        names: dict[date, str] = {}
        for key, entry in raw_days.items():
            where = f"days[{key!r}]"
            day = _parse_iso_date(key, where)
            if not isinstance(entry, Mapping):
                raise CalendarDataError(f"{where}: expected an object, got {_type_name(entry)}")
            if "kind" not in entry:
                raise CalendarDataError(f"{where}.kind: missing")
            kind = entry["kind"]
            if not isinstance(kind, str):
                raise CalendarDataError(f"{where}.kind: expected a string, got {_type_name(kind)}")
            try:
                overrides[day] = DayKind(kind)
            except ValueError:
                expected = " or ".join(repr(k.value) for k in DayKind)
                raise CalendarDataError(
                    f"{where}.kind: unknown kind {kind!r} (expected {expected})"
                ) from None
            name = entry.get("name")
            if name is not None:
                if not isinstance(name, str):
                    raise CalendarDataError(
                        f"{where}.name: expected a string, got {_type_name(name)}"
                    )
                names[day] = name
        hours = _parse_hours(data.get("hours"))
        return cls(overrides, years, names=names, version=version, hours=hours)

    def to_dict(self) -> dict[str, object]:
        """This calendar's overrides in the central server's JSON form (see `from_dict`).

        Only the overrides are written, not the package's data. ``version`` and ``hours``
        are omitted when there are none.
        """
        days: dict[str, object] = {}
        for day in sorted(self._overrides):
            entry: dict[str, str] = {"kind": self._overrides[day].value}
            if day in self._names:
                entry["name"] = self._names[day]
            days[day.isoformat()] = entry
        result: dict[str, object] = {}
        if self._version is not None:
            result["version"] = self._version
        result["years"] = sorted(self._covered_years)
        result["days"] = days
        if self._hours is not None:
            saturday = self._hours.saturday
            result["hours"] = {
                "weekdays": self._hours.weekdays.plain,
                "saturday": saturday.plain if saturday is not None else None,
            }
        return result

    # -- internals -----------------------------------------------------------------------

    def _warn_unknown_year(self, year: int) -> None:
        with self._lock:
            if year in self._warned_years:
                return
            self._warned_years.add(year)
        logger.warning(
            "no holiday data for year %d: statutory holidays and make-up working days (调休) "
            "are not known; counting Monday to Friday as working days",
            year,
        )


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _parse_iso_date(key: object, where: str) -> date:
    if not isinstance(key, str):
        raise CalendarDataError(f"{where}: expected a date string, got {_type_name(key)}")
    if _ISO_DATE.fullmatch(key) is None:
        raise CalendarDataError(f"{where}: not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(key)
    except ValueError as exc:
        raise CalendarDataError(f"{where}: not a valid date ({exc})") from None


_HOURS_KEYS = ("weekdays", "saturday")
_SPAN_LENGTH = len("09:00-17:00")


def _parse_hours(raw: object) -> OpeningHours | None:
    """``{"weekdays": "09:00-17:00", "saturday": "09:00-16:00" | null}``, both keys
    required (a forgotten ``saturday`` must not silently mean no Saturday service), no
    other keys; None for null or absent."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise CalendarDataError(f"hours: expected an object, got {_type_name(raw)}")
    unknown = [key for key in raw if key not in _HOURS_KEYS]
    if unknown:
        shown = ", ".join(_short_repr(key) for key in unknown[:3])
        raise CalendarDataError(
            f"hours: unknown key {shown} (expected {' and '.join(_HOURS_KEYS)})"
        )
    if "weekdays" not in raw:
        raise CalendarDataError("hours.weekdays: missing")
    if "saturday" not in raw:
        raise CalendarDataError("hours.saturday: missing (null: no Saturday service)")
    weekdays = _parse_span(raw["weekdays"], "hours.weekdays")
    if weekdays is None:
        raise CalendarDataError("hours.weekdays: expected a time span like 09:00-17:00, got null")
    return OpeningHours(weekdays, _parse_span(raw["saturday"], "hours.saturday"))


def _parse_span(value: object, where: str) -> Span | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise CalendarDataError(
            f"{where}: expected a time span like 09:00-17:00, got {_type_name(value)}"
        )
    if len(value) != _SPAN_LENGTH:  # refused before it is echoed: it may be huge
        raise CalendarDataError(f"{where}: not a time span like 09:00-17:00")
    try:
        return Span.parse(value)
    except ValueError as exc:
        raise CalendarDataError(f"{where}: {exc}") from None


def _short_repr(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


@functools.cache
def default_calendar() -> WorkCalendar:
    """The shared calendar with no overrides (package data, then the weekday rule)."""
    return WorkCalendar()
