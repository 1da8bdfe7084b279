"""Hall-wide ticket numbers, and how many applicants wait at each counter.

A central number is the series letter and the day's sequence for that series (A001,
kiosk.tickets.central_number). The sequence is one `day_sequences` row per day and
series, bumped by a single upsert: on PostgreSQL the row lock serialises concurrent
allocations, on SQLite the writer's BEGIN IMMEDIATE does. The ticket row is written in
the same transaction, so a failed allocation leaves no gap, and asking again for the
same reference answers the same number.

A Saturday appointment checked in on time (central.appointments) gets a ticket of
APPOINTMENT_SERIES (Y): the booking is locked, checked (checked in, for the ticket's day,
not yet another reference's) and linked to the reference in the same transaction as the
ticket. Appointment tickets are served first: waiting tickets are in the order (not
series Y, allocated_at, id), so an appointment ticket waits only behind earlier
appointment tickets and an ordinary ticket behind every appointment ticket waiting.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from central.appointments import CHECKED_IN
from central.models import Appointment, DaySequence, Declaration, Ticket
from central.statuses import SUBMITTED
from kiosk.tickets import APPOINTMENT_SERIES, CENTRAL_FORM, central_number

CENTRAL = "central"
LOCAL = "local"


class TicketConflict(Exception):
    """The reference already has a ticket this request cannot answer with."""


NOT_CHECKED_IN = "appointment_not_checked_in"
USED = "appointment_used"


class AppointmentRefused(Exception):
    """The booking cannot give this ticket; `reason` is NOT_CHECKED_IN (unknown, not
    checked in, or another day's) or USED (another reference has its ticket)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Allocation:
    number: str
    sequence: int
    ahead: int


def allocate(
    session: Session,
    *,
    terminal: int,
    reference: str,
    series: str,
    day: date,
    counters: Sequence[int],
    now: datetime,
    appointment: str | None = None,
) -> Allocation:
    """The central number for `reference` (the same one when asked again); with
    `appointment`, a checked-in booking's code, the booking is linked to `reference`
    (the caller checked that `series` is APPOINTMENT_SERIES then, and only then)."""
    booking = None if appointment is None else _booking(session, appointment, day, reference)
    ticket = session.scalar(select(Ticket).where(Ticket.reference == reference))
    if ticket is not None:
        if booking is not None and booking.reference != reference:
            # The reference got its ticket without this booking: it cannot be its ticket.
            raise TicketConflict(f"reference {reference} already has ticket {ticket.number}")
        if ticket.terminal != terminal:
            raise TicketConflict(f"reference {reference} belongs to terminal {ticket.terminal}")
        if ticket.source != CENTRAL or not CENTRAL_FORM.match(ticket.number):
            raise TicketConflict(f"reference {reference} already has ticket {ticket.number}")
        return Allocation(ticket.number, int(ticket.number[1:]), ahead(session, ticket))
    sequence = _next_sequence(session, day, series)
    # A number learned from a terminal's event may be ahead of the sequence (a database
    # restored from a backup): skip it rather than give it out twice.
    while _taken(session, day, central_number(series, sequence)):
        sequence = _next_sequence(session, day, series)
    ticket = Ticket(
        reference=reference,
        day=day,
        series=series,
        number=central_number(series, sequence),
        source=CENTRAL,
        terminal=terminal,
        counters=list(counters),
        allocated_at=now,
        issued_at=None,
        print_status=None,
        print_count=0,
    )
    session.add(ticket)
    if booking is not None:
        booking.reference = reference  # in the ticket's transaction: both or neither
    session.flush()
    return Allocation(ticket.number, sequence, ahead(session, ticket))


def _booking(session: Session, code: str, day: date, reference: str) -> Appointment:
    """The booking of `code`, locked until the transaction ends (PostgreSQL: of two
    references asking with one code at once, the second sees the first's link), if it
    may give `reference`'s ticket on `day`; else AppointmentRefused."""
    booking = session.scalar(
        select(Appointment)
        .where(Appointment.code == code)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if booking is None or booking.state != CHECKED_IN or booking.day != day:
        raise AppointmentRefused(NOT_CHECKED_IN)
    if booking.reference is not None and booking.reference != reference:
        raise AppointmentRefused(USED)
    return booking


def _next_sequence(session: Session, day: date, series: str) -> int:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(DaySequence)
        .values(day=day, series=series, value=1)
        .on_conflict_do_update(
            index_elements=[DaySequence.day, DaySequence.series],
            set_={"value": DaySequence.value + 1},
        )
        .returning(DaySequence.value)
    )
    return int(session.execute(statement).scalar_one())


def _taken(session: Session, day: date, number: str) -> bool:
    found = session.scalar(select(Ticket.id).where(Ticket.day == day, Ticket.number == number))
    return found is not None


def _waiting_rows(session: Session, day: date) -> list[tuple[Ticket, str | None]]:
    """The day's tickets whose declaration is still submitted, or not yet known here."""
    rows = session.execute(
        select(Ticket, Declaration.status)
        .outerjoin(Declaration, Declaration.reference == Ticket.reference)
        .where(Ticket.day == day)
    ).all()
    return [(t, status) for t, status in rows if status in (None, SUBMITTED)]


def _counters(values: Iterable[object]) -> set[int]:
    return {v for v in values if isinstance(v, int)}


def serving_order(ticket: Ticket) -> tuple[bool, datetime, int]:
    """Where `ticket` is among the waiting: appointment tickets first (False sorts first),
    then by allocation, the id breaking ties."""
    return (ticket.series != APPOINTMENT_SERIES, ticket.allocated_at, ticket.id)


def ahead(session: Session, ticket: Ticket) -> int:
    """Waiting tickets of the same day for any of `ticket`'s counters, served before it
    (serving_order): for an appointment ticket the earlier appointment tickets only, for
    another every appointment ticket waiting and the earlier others."""
    mine = _counters(ticket.counters)
    position = serving_order(ticket)
    return sum(
        1
        for other, _ in _waiting_rows(session, ticket.day)
        if serving_order(other) < position and mine & _counters(other.counters)
    )


def waiting_by_counter(session: Session, day: date) -> dict[int, int]:
    """For each counter named by a ticket of `day`: how many of them still wait."""
    every = session.scalars(select(Ticket.counters).where(Ticket.day == day)).all()
    tally: Tally[int] = Tally({c: 0 for counters in every for c in _counters(counters)})
    for ticket, _ in _waiting_rows(session, day):
        tally.update(_counters(ticket.counters))
    return dict(sorted(tally.items()))
