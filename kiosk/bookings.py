"""星期六办事预约 on the terminal's lanes: the Saturdays, a booking, its change or
cancellation, and the check-in on the day.

Every request goes to the central server on the network lane, first in line (an
applicant waits at the screen; kiosk.sync.appointments gives it a few seconds). What
comes back is the server's answer (kiosk.appointments' Saturday, Booking, Arrival) or a
`Refusal` the screen words: the server's own reasons, or "offline" whenever the server
cannot say (unreachable, busy, misbehaving, or no server configured): booking needs the
shared places, so the screen then offers the ordinary declaration instead. Input the
checks refuse raises BookingRefused, for the screen to word with its field.

Nothing of the applicant is kept here: the booking slip is printed from what the screen
holds, and the server keeps the booking.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from typing import TypeVar

from kiosk.appointments import (
    Arrival,
    Booking,
    BookingRefused,
    BookingRequest,
    CardCheckIn,
    CheckInQuery,
    Refusal,
    Saturday,
)
from kiosk.lanes import Lane, done_future
from kiosk.sync.appointments import AppointmentSource
from kiosk.sync.client import SyncFault

log = logging.getLogger(__name__)

T = TypeVar("T")

OFFLINE = Refusal("offline")


class Bookings:
    """The terminal's Saturday appointments; built when the terminal opens."""

    def __init__(self, source: AppointmentSource, network_lane: Lane, terminal: int) -> None:
        self.source, self._lane, self._terminal = source, network_lane, terminal

    def _ask(self, what: str, fn: Callable[[], T]) -> Future[T | Refusal]:
        if not self.source.configured:
            return done_future(OFFLINE)

        def ask() -> T | Refusal:
            try:
                return fn()
            except BookingRefused:
                raise  # the screen's: it words the field
            except SyncFault as fault:
                log.warning("appointments: %s: %s", what, fault)
                return OFFLINE
            except Exception:  # whatever it is, the applicant hears "not now", plainly
                log.exception("appointments: %s failed", what)
                return OFFLINE

        return self._lane.submit(ask, urgent=True)

    def saturdays(self, item_id: str | None = None) -> Future[list[Saturday] | Refusal]:
        """The next service Saturdays and the places left in each slot."""
        return self._ask("saturdays", lambda: self.source.saturdays(item_id))

    def book(self, request: BookingRequest) -> Future[Booking | Refusal]:
        return self._ask("booking", lambda: self.source.book(request, self._terminal))

    def cancel(self, code: str, mobile: str) -> Future[Booking | Refusal]:
        return self._ask("cancellation", lambda: self.source.cancel(code, mobile))

    def change(self, code: str, mobile: str, day: date, slot: str) -> Future[Booking | Refusal]:
        return self._ask("change", lambda: self.source.change(code, mobile, day, slot))

    def check_in(self, query: CheckInQuery) -> Future[Arrival | Refusal]:
        return self._ask("check-in", lambda: self.source.check_in(query))

    def check_in_by_card(self, query: CardCheckIn) -> Future[Arrival | Refusal]:
        return self._ask("check-in by card", lambda: self.source.check_in_by_card(query))

    def close(self) -> None:
        self.source.close()
