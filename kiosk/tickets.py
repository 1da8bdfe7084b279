"""Queue ticket numbers: short, readable, new each day, never repeated across the hall.

The scheme (docs/tickets.md):
- from the central server when it answers: the series letter and the hall-wide
  sequence of the day for that series, three digits: ``A001``, ``A002``, ... ``B017``;
- offline, from the terminal itself: series letter, the terminal's two-digit number,
  a hyphen and the terminal's own sequence of the day: ``A07-001``.
The two forms never collide (only the offline one has a hyphen), and two terminals
never share an offline prefix, so a terminal that comes back online cannot duplicate
a number. The series letter is the item's (A business, B personal, unless the
catalog sets another); a Saturday appointment's ticket (政务"5+1", checked in on time)
is of APPOINTMENT_SERIES, served before the day's other tickets.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

log = logging.getLogger(__name__)

CENTRAL_FORM = re.compile(r"^[A-Z]\d{3,4}$")
APPOINTMENT_SERIES = "Y"
"""预约: the series of tickets from a Saturday appointment (no catalog item may use it)."""
LOCAL_FORM = re.compile(r"^[A-Z](0[1-9]|1[0-2])-\d{3,4}$")


def central_number(series: str, sequence: int) -> str:
    return f"{series}{sequence:03d}"


def local_number(series: str, terminal: int, sequence: int) -> str:
    return f"{series}{terminal:02d}-{sequence:03d}"


def reference_number(day: date, terminal: int, sequence: int) -> str:
    """The declaration reference: unique across the hall (terminal + date + sequence)."""
    return f"{day:%Y%m%d}-{terminal:02d}-{sequence:04d}"


class TicketSource(Protocol):
    """Where hall-wide ticket numbers come from (the central server)."""

    def allocate(self, series: str, day: date, terminal: int) -> str | None:
        """A central number, or None when the source cannot be reached in time."""


@dataclass(frozen=True)
class TicketRequest:
    """What the central server needs to give a number (docs/sync-protocol.md)."""

    series: str
    day: date
    terminal: int
    reference: str  # the idempotency key: asking again gives the same number
    counters: tuple[int, ...]
    appointment: str | None = None  # the booking code checked in (series APPOINTMENT_SERIES)


@dataclass(frozen=True)
class CentralTicket:
    """A hall-wide number and how many tickets wait before it at its counters."""

    number: str
    ahead: int | None = None


@runtime_checkable
class QueueTicketSource(Protocol):
    """A ticket source that knows the declaration and answers with the queue position.

    Preferred over `TicketSource.allocate` when a source has it: the reference makes a
    retried request idempotent, and `ahead` is printed on the ticket.
    """

    def request(self, ticket: TicketRequest) -> CentralTicket | None:
        """A central ticket, or None when the source cannot be reached in time."""


class NoCentralServer:
    """No central server configured: every ticket uses the offline scheme."""

    def allocate(self, series: str, day: date, terminal: int) -> str | None:
        return None
