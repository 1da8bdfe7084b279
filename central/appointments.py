"""Saturday appointments (政务"5+1" 星期六办事): which Saturdays, which slots, who holds a place.

Every Saturday but a statutory holiday the hall serves with an appointment channel, in
the active calendar's Saturday hours (`WorkCalendar.hours`, set with `central
set-hours`), else from OPENS to CLOSES; a calendar whose hours have no Saturday offers
no Saturdays at all (`saturday_hours`). A make-up working Saturday (调休) is an ordinary
working day, with no appointment channel (`WorkCalendar.is_saturday_service_day`, on
the hall's active calendar: central.ratings.hall_calendar). Terminals book the next
SATURDAYS_AHEAD of them, in one-hour slots, each with the places its day's plan gives
(`saturday_plans`, DEFAULT_PLACES without one).

Taking a place is one transaction that first locks the day's plan row (created when
missing): on PostgreSQL `SELECT ... FOR UPDATE` makes two terminals booking the last place
at once take turns, so the second counts the first's booking and is refused `full`; on
SQLite the writer's BEGIN IMMEDIATE (central.db) serialises them the same way. A person
(their mobile number, resident ID or credit code) holds one live booking per Saturday;
for the mobile a partial unique index backs the check where two transactions could both
pass it.

A booking is found by its code and proved by the mobile number it was booked with (or
by the code alone, read from its QR code at check-in): a wrong code and a wrong mobile
are the same `not_found`, so an answer tells nothing about whose code it is. On its day a
booking is also found by the resident ID number it was booked with, read from the card
its holder placed on the terminal's reader (`check_in_by_id_number`).
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from central.days import hall_day
from central.models import Appointment, SaturdayPlan, Ticket
from kiosk.tickets import APPOINTMENT_SERIES
from kiosk.validators import normalize_resident_id
from kiosk.workcalendar import WorkCalendar

__all__ = [
    "BOOKED",
    "CANCELLED",
    "CHECKED_IN",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DEFAULT_HOURS",
    "DEFAULT_PLACES",
    "EARLY",
    "LATE",
    "SATURDAYS_AHEAD",
    "Arrival",
    "Hours",
    "Refusal",
    "Refused",
    "book",
    "cancel",
    "change",
    "check_in",
    "check_in_by_id_number",
    "close",
    "recent_saturdays",
    "reopen",
    "saturday_hours",
    "saturdays",
    "service_saturdays",
    "set_plan",
]

OPENS = time(9, 0)
CLOSES = time(16, 0)
SLOT_MINUTES = 60
DEFAULT_PLACES = 4
"""Places per slot on a Saturday without a plan: four windows' worth of an hour."""
PLACES_MAX = 50
COUNTER_MAX = 99
COUNTERS_MAX = 20
NOTE_MAX = 200
SATURDAYS_AHEAD = 4
EARLY = timedelta(minutes=30)
"""Arrival from this long before the slot starts is on time (Qmatic's appointment_early)."""
LATE = timedelta(minutes=15)
"""... and until this long after it starts (appointment_late); later is `late`."""
SERVED_PER_COUNTER = 24
"""Applicants one counter serves in a Saturday (seven hours): the counters suggestion."""
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out on the phone
CODE_LENGTH = 8

BOOKED = "booked"
CANCELLED = "cancelled"
CHECKED_IN = "checked_in"
LIVE = (BOOKED, CHECKED_IN)


@dataclass(frozen=True)
class Hours:
    """The Saturday service's hours: one-hour slots from `opens` to `closes`."""

    opens: time = OPENS
    closes: time = CLOSES
    slot_minutes: int = SLOT_MINUTES

    def slots(self) -> list[tuple[str, str]]:
        """Each slot's start and end, "09:00" and "10:00"."""
        found: list[tuple[str, str]] = []
        start = datetime.combine(date(2000, 1, 1), self.opens)
        end_of_day = datetime.combine(date(2000, 1, 1), self.closes)
        step = timedelta(minutes=self.slot_minutes)
        while start + step <= end_of_day:
            found.append((start.strftime("%H:%M"), (start + step).strftime("%H:%M")))
            start += step
        return found

    def starts(self) -> list[str]:
        return [start for start, _ in self.slots()]


DEFAULT_HOURS = Hours()


def saturday_hours(calendar: WorkCalendar) -> Hours | None:
    """The Saturday hours of `calendar`: its own when it has hours (None when they have no
    Saturday: no Saturday service), else DEFAULT_HOURS."""
    given = calendar.hours
    if given is None:
        return DEFAULT_HOURS
    if given.saturday is None:
        return None
    return Hours(given.saturday.opens, given.saturday.closes)


class Refusal(StrEnum):
    """Why a booking, a change or a cancellation was refused (the API's `reason`)."""

    FULL = "full"
    ALREADY_BOOKED = "already_booked"
    CLOSED = "closed"
    NOT_A_SERVICE_SATURDAY = "not_a_service_saturday"
    NO_SUCH_SLOT = "no_such_slot"
    NO_SUCH_ITEM = "no_such_item"
    CHECKED_IN = "checked_in"
    NOT_FOUND = "not_found"


class Refused(Exception):
    """Refused before any change was made."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


class Arrival(StrEnum):
    ON_TIME = "on_time"
    EARLY = "early"
    LATE = "late"
    NOT_TODAY = "not_today"


# --- which Saturdays -----------------------------------------------------------------------

_SEARCH_WEEKS = 60  # a year of Saturdays all holidays would be a broken calendar


def service_saturdays(
    calendar: WorkCalendar, today: date, count: int = SATURDAYS_AHEAD
) -> list[date]:
    """The next `count` service Saturdays from `today` (today itself when it is one); none
    when the calendar's hours have no Saturday."""
    day = today + timedelta(days=(5 - today.weekday()) % 7)
    found: list[date] = []
    if saturday_hours(calendar) is None:
        return found
    for _ in range(_SEARCH_WEEKS):
        if len(found) == count:
            break
        if calendar.is_saturday_service_day(day):
            found.append(day)
        day += timedelta(days=7)
    return found


def recent_saturdays(
    calendar: WorkCalendar, today: date, count: int = SATURDAYS_AHEAD
) -> list[date]:
    """The last `count` service Saturdays before `today`, the latest first."""
    day = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    found: list[date] = []
    for _ in range(_SEARCH_WEEKS):
        if len(found) == count:
            break
        if calendar.is_saturday_service_day(day):
            found.append(day)
        day -= timedelta(days=7)
    return found


# --- the plan of a day ---------------------------------------------------------------------


def _locked_plan(session: Session, day: date) -> SaturdayPlan:
    """The day's plan row, created with the defaults when missing, locked until the
    transaction ends (PostgreSQL; SQLite's writer holds the whole database already)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(SaturdayPlan)
        .values(day=day, places_per_slot=DEFAULT_PLACES, counters=[], note="")
        .on_conflict_do_nothing(index_elements=[SaturdayPlan.day])
    )
    plan = session.scalar(
        select(SaturdayPlan)
        .where(SaturdayPlan.day == day)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert plan is not None  # inserted above or already there
    return plan


def set_plan(session: Session, day: date, places: int, counters: Sequence[int]) -> SaturdayPlan:
    """The places per slot and the counters planned for `day` (checked by the caller)."""
    plan = _locked_plan(session, day)
    plan.places_per_slot = places
    plan.counters = list(counters)
    return plan


def close(session: Session, day: date, by: str, note: str, now: datetime) -> SaturdayPlan:
    """No more bookings on `day`; those booked stay, to be phoned (the dashboard lists them)."""
    plan = _locked_plan(session, day)
    if plan.closed_at is None:
        plan.closed_at = now
        plan.closed_by = by
    plan.note = note
    return plan


def reopen(session: Session, day: date) -> SaturdayPlan:
    """Bookings on `day` again (its supervisor closed it by mistake, or the reason went
    away); the closing note goes with the closing, the places and counters stay."""
    plan = _locked_plan(session, day)
    plan.closed_at = None
    plan.closed_by = None
    plan.note = ""
    return plan


# --- what is left ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    start: str
    end: str
    places: int
    booked: int

    @property
    def left(self) -> int:
        return max(0, self.places - self.booked)


@dataclass(frozen=True)
class Saturday:
    day: date
    closed: bool
    places_per_slot: int
    counters: list[int]
    note: str
    closed_at: datetime | None
    closed_by: str | None
    slots: list[Slot]


def _booked_per_slot(session: Session, day: date) -> dict[str, int]:
    rows = session.execute(
        select(Appointment.slot, func.count())
        .where(Appointment.day == day, Appointment.state.in_(LIVE))
        .group_by(Appointment.slot)
    ).all()
    return {slot: int(n) for slot, n in rows}


def saturdays(
    session: Session, calendar: WorkCalendar, today: date, hours: Hours | None = None
) -> list[Saturday]:
    """The next service Saturdays with their plans and what each slot has left (`hours`:
    the calendar's, `saturday_hours`, unless given)."""
    found: list[Saturday] = []
    hours = hours or saturday_hours(calendar) or DEFAULT_HOURS  # no Saturdays: not used
    for day in service_saturdays(calendar, today):
        plan = session.get(SaturdayPlan, day)
        places = plan.places_per_slot if plan else DEFAULT_PLACES
        booked = _booked_per_slot(session, day)
        found.append(
            Saturday(
                day=day,
                closed=plan is not None and plan.closed_at is not None,
                places_per_slot=places,
                counters=[c for c in plan.counters if isinstance(c, int)] if plan else [],
                note=plan.note if plan else "",
                closed_at=plan.closed_at if plan else None,
                closed_by=plan.closed_by if plan else None,
                slots=[Slot(s, e, places, booked.get(s, 0)) for s, e in hours.slots()],
            )
        )
    return found


def average_walk_ins(session: Session, calendar: WorkCalendar, today: date) -> float:
    """Walk-in tickets (not series Y) issued on each of the last service Saturdays, on
    average (0 without any)."""
    days = recent_saturdays(calendar, today)
    if not days:
        return 0.0
    # An appointment's ticket (series Y) is a booking come in, counted by the bookings
    # already: as a walk-in too it would count twice.
    issued = session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.day.in_(days), Ticket.series != APPOINTMENT_SERIES)
    )
    return int(issued or 0) / len(days)


def suggested_counters(bookings: int, walk_ins: float) -> int:
    """Counters to open for `bookings` and the usual walk-ins."""
    return math.ceil((bookings + walk_ins) / SERVED_PER_COUNTER)


# --- booking, changing, cancelling -----------------------------------------------------------


def _new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Appointment.id).where(Appointment.code == code)) is None:
            return code


def _check_day_and_slot(
    day: date, slot: str, calendar: WorkCalendar, today: date, hours: Hours | None
) -> None:
    if day not in service_saturdays(calendar, today):
        raise Refused(Refusal.NOT_A_SERVICE_SATURDAY)
    hours = hours or saturday_hours(calendar) or DEFAULT_HOURS
    if slot not in hours.starts():
        raise Refused(Refusal.NO_SUCH_SLOT)


def _take_place(
    session: Session,
    day: date,
    slot: str,
    *,
    mobile: str,
    id_number: str | None,
    credit_code: str | None,
    moving: int | None = None,
) -> None:
    """Refuse unless a place is free in `slot` of `day` for this person (the day's plan
    locked first); `moving` is the booking being changed, which does not count."""
    plan = _locked_plan(session, day)
    if plan.closed_at is not None:
        raise Refused(Refusal.CLOSED)
    same_person = [Appointment.mobile == mobile]
    if id_number:
        same_person.append(Appointment.id_number == id_number)
    if credit_code:
        same_person.append(Appointment.credit_code == credit_code)
    theirs = select(Appointment.id).where(
        Appointment.day == day, Appointment.state.in_(LIVE), or_(*same_person)
    )
    if moving is not None:
        theirs = theirs.where(Appointment.id != moving)
    if session.scalar(theirs.limit(1)) is not None:
        raise Refused(Refusal.ALREADY_BOOKED)
    taken = select(func.count()).where(
        Appointment.day == day, Appointment.slot == slot, Appointment.state.in_(LIVE)
    )
    if moving is not None:
        taken = taken.where(Appointment.id != moving)
    if int(session.scalar(taken) or 0) >= plan.places_per_slot:
        raise Refused(Refusal.FULL)


def book(
    session: Session,
    *,
    terminal: int,
    item_id: str,
    day: date,
    slot: str,
    name: str,
    mobile: str,
    id_number: str | None,
    credit_code: str | None,
    now: datetime,
    zone: ZoneInfo,
    calendar: WorkCalendar,
    hours: Hours | None = None,
    items: Container[str] | None = None,
) -> Appointment:
    """A place in `slot` of `day` (checked and normalised fields), or Refused; `items`
    are the active catalog's item ids (None: no catalog imported, any item is taken)."""
    if items is not None and item_id not in items:
        raise Refused(Refusal.NO_SUCH_ITEM)
    _check_day_and_slot(day, slot, calendar, hall_day(now, zone), hours)
    _take_place(session, day, slot, mobile=mobile, id_number=id_number, credit_code=credit_code)
    appointment = Appointment(
        code=_new_code(session),
        day=day,
        slot=slot,
        item_id=item_id,
        name=name,
        mobile=mobile,
        id_number=id_number,
        credit_code=credit_code,
        terminal=terminal,
        state=BOOKED,
        booked_at=now,
    )
    session.add(appointment)
    session.flush()
    return appointment


def normal_code(code: str) -> str:
    """A code as typed (any case, spaces or a dash) in its stored form."""
    return code.upper().replace(" ", "").replace("-", "")


def _found(session: Session, code: str, mobile: str | None) -> Appointment:
    """The live booking of `code`, proved by `mobile` (None: by its QR code); one
    NOT_FOUND for a wrong code and a wrong mobile alike."""
    appointment = session.scalar(
        select(Appointment).where(
            Appointment.code == normal_code(code), Appointment.state.in_(LIVE)
        )
    )
    if appointment is None or (mobile is not None and appointment.mobile != mobile):
        raise Refused(Refusal.NOT_FOUND)
    return appointment


def cancel(session: Session, code: str, mobile: str, now: datetime) -> Appointment:
    """The booking cancelled, its place free again."""
    appointment = _found(session, code, mobile)
    if appointment.state == CHECKED_IN:
        raise Refused(Refusal.CHECKED_IN)
    appointment.state = CANCELLED
    appointment.cancelled_at = now
    return appointment


def change(
    session: Session,
    code: str,
    mobile: str,
    day: date,
    slot: str,
    *,
    now: datetime,
    zone: ZoneInfo,
    calendar: WorkCalendar,
    hours: Hours | None = None,
) -> Appointment:
    """The booking moved to `slot` of `day` (the same code), or Refused unchanged."""
    appointment = _found(session, code, mobile)
    if appointment.state == CHECKED_IN:
        raise Refused(Refusal.CHECKED_IN)
    _check_day_and_slot(day, slot, calendar, hall_day(now, zone), hours)
    _take_place(
        session,
        day,
        slot,
        mobile=appointment.mobile,
        id_number=appointment.id_number,
        credit_code=appointment.credit_code,
        moving=appointment.id,
    )
    appointment.day = day
    appointment.slot = slot
    return appointment


# --- arriving ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckIn:
    result: Arrival
    day: date
    slot: str
    item_id: str
    code: str
    minutes: int | None = None
    """For `early`: the minutes until check-in opens (EARLY before the slot)."""


def slot_start(day: date, slot: str, zone: ZoneInfo) -> datetime:
    hour, minute = (int(part) for part in slot.split(":"))
    return datetime.combine(day, time(hour, minute), zone)


def check_in(
    session: Session, code: str, mobile: str | None, now: datetime, zone: ZoneInfo
) -> CheckIn:
    """Whether the applicant of `code` arrived in time; on time, the booking is checked in
    (once: a second check-in answers on_time again and changes nothing)."""
    return _arrive(_found(session, code, mobile), now, zone)


def check_in_by_id_number(
    session: Session, id_number: str, now: datetime, zone: ZoneInfo
) -> CheckIn:
    """check_in for the live booking of the holder of `id_number` (the card placed on the
    terminal's reader: holding it is the proof) on the hall's day; a booking of another
    day is NOT_FOUND here. Of several (one person holds one per Saturday, so only rows
    written otherwise), the earliest slot not yet checked in, else the checked-in one."""
    number = normalize_resident_id(id_number)  # as `book` was given it (the API's form)
    appointment = session.scalar(
        select(Appointment)
        .where(
            Appointment.id_number == number,
            Appointment.day == hall_day(now, zone),
            Appointment.state.in_(LIVE),
        )
        .order_by(case((Appointment.state == BOOKED, 0), else_=1), Appointment.slot, Appointment.id)
        .limit(1)
    )
    if appointment is None:
        raise Refused(Refusal.NOT_FOUND)
    return _arrive(appointment, now, zone)


def _arrive(appointment: Appointment, now: datetime, zone: ZoneInfo) -> CheckIn:
    """The arrival rules of a live booking found: checked in already is on_time again
    (nothing changes), else not_today, early (with its minutes), late, or on_time and
    checked in now."""

    def answer(result: Arrival, minutes: int | None = None) -> CheckIn:
        return CheckIn(
            result,
            appointment.day,
            appointment.slot,
            appointment.item_id,
            appointment.code,
            minutes,
        )

    if appointment.state == CHECKED_IN:
        return answer(Arrival.ON_TIME)
    if hall_day(now, zone) != appointment.day:
        return answer(Arrival.NOT_TODAY)
    start = slot_start(appointment.day, appointment.slot, zone)
    opens = start - EARLY
    if now < opens:
        return answer(Arrival.EARLY, math.ceil((opens - now).total_seconds() / 60))
    if now > start + LATE:
        return answer(Arrival.LATE)
    appointment.state = CHECKED_IN
    appointment.checked_in_at = now
    return answer(Arrival.ON_TIME)


def live_bookings(session: Session, day: date) -> list[Appointment]:
    """The day's live bookings by slot and time of booking (the dashboard's list)."""
    return list(
        session.scalars(
            select(Appointment)
            .where(Appointment.day == day, Appointment.state.in_(LIVE))
            .order_by(Appointment.slot, Appointment.booked_at, Appointment.id)
        )
    )
