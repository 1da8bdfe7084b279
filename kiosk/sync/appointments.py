"""Saturday appointments (星期六办事预约) at the central server, for an applicant standing
at the terminal.

`AppointmentSource` runs on the network lane, like kiosk.sync.lookups.ProgressSource:
the server gets a few seconds. Its outcomes: the server's answer checked
(kiosk.appointments), a `Refusal` the screen words (full, already_booked, closed,
not_a_service_saturday, no_such_slot, checked_in, not_found, throttled), or a SyncFault
(Unreachable, ServerBusy, AuthFault, ProtocolFault) when the server cannot say: the
screen then says plainly that booking needs the system (MESSAGES["offline"]).

The refusals' `reason` is in their JSON body, which kiosk.sync.client does not hand out:
any status but 2xx (and 404 for `post_or_404`, body dropped) becomes a fault whose text
is "METHOD /path: STATUS detail", the body's `detail` kept (at most 200 characters).
Without changing the client, `_refusal` reads the status from that text and tells the
server's refusals apart by words of their bilingual `detail` (central.api.appointments
DETAIL; tests/kiosk/sync/test_appointments_against_central.py pins each against the real
server). A fault that is not one of them stays a fault. 404 is read that way too,
rather than through `post_or_404`: an older server without these routes answers 404
"Not Found", which must read as "cannot book here now", never as "no such booking".
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from kiosk.appointments import (
    ITEM_ID,
    Arrival,
    BadAnswer,
    Booking,
    BookingRefused,
    BookingRequest,
    CheckInQuery,
    Refusal,
    Saturday,
    arrival_from_answer,
    booking_code,
    booking_from_answer,
    checked_day,
    checked_mobile,
    checked_slot,
    saturdays_from_answer,
)
from kiosk.config import CentralConfig
from kiosk.sync.client import CentralClient, ProtocolFault, ServerBusy, SyncFault

T = TypeVar("T")

LOOKUP_TIMEOUT_S = 4.0
"""An applicant waits at the screen: a few seconds, as for a ticket number or progress."""

# The words of each refusal's `detail`, by its status (central.api.appointments DETAIL).
_REFUSAL_WORDS: Mapping[int, tuple[tuple[str, str], ...]] = {
    409: (
        ("已约满", "full"),
        ("已有预约", "already_booked"),
        ("已停止预约", "closed"),
        ("不是可预约", "not_a_service_saturday"),
        ("已签到", "checked_in"),
    ),
    422: (("没有这个时段", "no_such_slot"),),
    404: (("没有查到这个预约", "not_found"),),
}
_FAULT = re.compile(r"(?:GET|POST) \S+: (\d{3}) (.*)", re.DOTALL)  # kiosk.sync.client's


def _refusal(fault: SyncFault, *, throttled: bool) -> Refusal | None:
    """The server's refusal that `fault` carries, else None (a fault to raise). 429 is a
    refusal only where the server throttles (`throttled`: cancel, change, check-in)."""
    match = _FAULT.fullmatch(str(fault))
    if match is None:
        return None
    status, detail = int(match.group(1)), match.group(2)
    if isinstance(fault, ServerBusy):
        if status != 429 or not throttled:
            return None
        wait = fault.retry_after
        return Refusal("throttled", math.ceil(wait / 60) if wait else None)
    if not isinstance(fault, ProtocolFault):
        return None  # AuthFault: the terminal's token, for a technician
    for words, reason in _REFUSAL_WORDS.get(status, ()):
        if words in detail:
            return Refusal(reason)
    return None


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
        client = self._ready()
        try:
            with self._lock:
                return client.post_json(path, body)
        except SyncFault as fault:
            refusal = _refusal(fault, throttled=throttled)
            if refusal is None:
                raise
            return refusal

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

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def _answer(read: Callable[[dict[str, Any]], T], data: dict[str, Any]) -> T:
    """`read` of the server's 2xx answer; a BadAnswer is the server's fault: ProtocolFault."""
    try:
        return read(data)
    except BadAnswer as e:
        raise ProtocolFault(str(e)) from None
