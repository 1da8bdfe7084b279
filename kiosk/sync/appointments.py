"""Saturday appointments (星期六办事预约) at the central server, for an applicant standing
at the terminal.

`AppointmentSource` runs on the network lane, like kiosk.sync.lookups.ProgressSource:
the server gets a few seconds. Its outcomes: the server's answer checked
(kiosk.appointments), a `Refusal` the screen words (full, already_booked, closed,
not_a_service_saturday, no_such_slot, checked_in, not_found, throttled), or a SyncFault
(Unreachable, ServerBusy, AuthFault, ProtocolFault) when the server cannot say: the
screen then says plainly that booking needs the system (MESSAGES["offline"]).

A refusal says why in its JSON body's `reason` (central.api.appointments): 404, 409
and 422 are read as answers (CentralClient.post_refusable) and their reason becomes the
Refusal; one without a known reason (an older server without these routes answers 404
"Not Found") is a fault, which must read as "cannot book here now", never as "no such
booking". 429 is a refusal (throttled) only where the server throttles.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from kiosk.appointments import (
    ITEM_ID,
    REASONS,
    Arrival,
    BadAnswer,
    Booking,
    BookingRefused,
    BookingRequest,
    CardCheckIn,
    CheckInQuery,
    Refusal,
    Saturday,
    arrival_from_answer,
    booking_code,
    booking_from_answer,
    card_arrival_from_answer,
    checked_day,
    checked_mobile,
    checked_slot,
    saturdays_from_answer,
)
from kiosk.config import CentralConfig
from kiosk.sync.client import CentralClient, ProtocolFault, ServerBusy

T = TypeVar("T")

LOOKUP_TIMEOUT_S = 4.0
"""An applicant waits at the screen: a few seconds, as for a ticket number or progress."""

REFUSALS = (404, 409, 422)  # the statuses whose body says why (its `reason`)


def _refusal(status: int, body: Any, path: str) -> Refusal:
    """The server's refusal of `status` with its `body`; a fault when it names none."""
    reason = body.get("reason") if isinstance(body, dict) else None
    if isinstance(reason, str) and reason in REASONS and reason != "throttled":
        return Refusal(reason)
    raise ProtocolFault(f"POST {path}: {status} without a known reason")


def _throttled(fault: ServerBusy) -> Refusal:
    wait = fault.retry_after
    return Refusal("throttled", math.ceil(wait / 60) if wait else None)


class AppointmentSource:
    """/api/v1/appointments; safe to call from any thread (one request at a time).

    Input is checked again here (kiosk.appointments' checks: BookingRefused), so a screen
    passing what the applicant typed straight through still sends nothing unchecked."""

    def __init__(self, config: CentralConfig, *, timeout_s: float = LOOKUP_TIMEOUT_S) -> None:
        self._client = (
            CentralClient(config, connect_timeout_s=min(1.5, timeout_s), read_timeout_s=timeout_s)
            if config.url
            else None
        )
        self._lock = threading.Lock()  # one requests.Session, one thread at a time

    @property
    def configured(self) -> bool:
        return self._client is not None

    def _post(
        self, path: str, body: Mapping[str, Any], *, throttled: bool
    ) -> dict[str, Any] | Refusal:
        """The answer, or the refusal it is (429 one only where the route throttles)."""
        client = self._ready()
        try:
            with self._lock:
                status, answer = client.post_refusable(path, body, REFUSALS)
        except ServerBusy as busy:
            if throttled and busy.status == 429:
                return _throttled(busy)
            raise
        if status in REFUSALS:
            return _refusal(status, answer, path)
        if not isinstance(answer, dict):
            raise ProtocolFault(f"POST {path}: an answer that is not an object")
        return answer

    def _ready(self) -> CentralClient:
        if self._client is None:
            raise ProtocolFault("no central server configured")
        return self._client

    def saturdays(self, item_id: str | None = None) -> list[Saturday]:
        """The next service Saturdays and the places left in each slot."""
        if item_id is not None and not ITEM_ID.fullmatch(item_id):
            raise BookingRefused("item_id")
        client = self._ready()
        params = {"item_id": item_id} if item_id is not None else None
        with self._lock:
            fetched = client.get("/appointments/saturdays", params=params)
        if fetched.body is None:  # 404 (or a 304 never asked for): a server without them
            raise ProtocolFault(f"GET /appointments/saturdays: {fetched.status}, no answer")
        return _answer(saturdays_from_answer, fetched.body)

    def book(self, request: BookingRequest, terminal: int) -> Booking | Refusal:
        """A place for `request`, its code in the Booking; a Refusal when there is none."""
        answer = self._post("/appointments", request.body(terminal), throttled=False)
        if isinstance(answer, Refusal):
            return answer
        return _answer(
            lambda data: booking_from_answer(
                data, day=request.day, slot=request.slot, item_id=request.item_id
            ),
            answer,
        )

    def cancel(self, code: str, mobile: str) -> Booking | Refusal:
        """The booking of `code` cancelled (proved by `mobile`), its place free again."""
        code, mobile = booking_code(code), checked_mobile(mobile)
        answer = self._post(f"/appointments/{code}/cancel", {"mobile": mobile}, throttled=True)
        if isinstance(answer, Refusal):
            return answer
        return _answer(lambda data: booking_from_answer(data, code=code, cancelled=True), answer)

    def change(self, code: str, mobile: str, day: date, slot: str) -> Booking | Refusal:
        """The booking of `code` moved to `slot` of `day` (the same code), or a Refusal
        with the booking unchanged."""
        code, mobile = booking_code(code), checked_mobile(mobile)
        day, slot = checked_day(day), checked_slot(slot)
        body = {"mobile": mobile, "day": day.isoformat(), "slot": slot}
        answer = self._post(f"/appointments/{code}/change", body, throttled=True)
        if isinstance(answer, Refusal):
            return answer
        return _answer(
            lambda data: booking_from_answer(data, code=code, day=day, slot=slot), answer
        )

    def check_in(self, query: CheckInQuery) -> Arrival | Refusal:
        """Whether the applicant arrived in time (on time: checked in at the server)."""
        answer = self._post("/appointments/check-in", query.body(), throttled=True)
        if isinstance(answer, Refusal):
            return answer
        return _answer(arrival_from_answer, answer)

    def check_in_by_card(self, query: CardCheckIn) -> Arrival | Refusal:
        """Today's booking of the ID card's holder, checked in when on time."""
        answer = self._post("/appointments/check-in-by-id-card", query.body(), throttled=True)
        if isinstance(answer, Refusal):
            return Refusal("card_not_found") if answer.reason == "not_found" else answer
        return _answer(card_arrival_from_answer, answer)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def _answer(read: Callable[[dict[str, Any]], T], data: dict[str, Any]) -> T:
    """`read` of the server's 2xx answer; a BadAnswer is the server's fault: ProtocolFault."""
    try:
        return read(data)
    except BadAnswer as e:
        raise ProtocolFault(str(e)) from None
