"""/api/v1/appointments: Saturday appointments (星期六办事预约) booked at a terminal.

GET /appointments/saturdays lists the next service Saturdays and what each slot has
left; POST /appointments books a place and answers its code; cancel, change and
check-in find the booking by its code and prove it by the mobile number it was booked
with (check-in also by `via: "qr"`: the terminal read the code's QR). The rules are
central.appointments'.

POST /appointments/check-in-by-id-card: the terminal read the applicant's resident ID
card (holding it is the proof) and sends its number; the holder's live booking of the
hall's day is checked in by the same rules, and the answer is check-in's plus the
booking's `code` (the terminal had no code typed). None today is a 404, counted per
terminal as wrong codes are, under a key of its own: the card's misses and the typed
codes' each have FAILURE_LIMIT, neither locks the other out. The number is never
logged nor echoed.

No answer names the applicant: never the name, the mobile number nor an ID, only the
code, the day, the slot and the item. An unknown code and a wrong mobile get the same
404; those failures are counted per terminal as POST /progress counts its own, so codes
cannot be tried one after another: past FAILURE_LIMIT within WINDOW, that terminal's
cancel, change and check-in are refused 429 with Retry-After for LOCKOUT.

Refusals of a booking are problem documents whose `reason` tells the cases apart, with a
bilingual `detail`: 409 full, already_booked, closed, not_a_service_saturday or
checked_in, 422 no_such_slot or no_such_item (an item the active catalog does not have;
any item while no catalog is imported); 404 not_found; 429 throttled.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated, Any, Literal, Self, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from sqlalchemy.orm import Session

from central import appointments
from central.api.auth import ERRORS, TERMINAL, Client, allow, same_terminal, server
from central.api.progress import IdNumber
from central.api.routing import TextSafeRoute
from central.api.writes import write
from central.appointments import Refusal, Refused
from central.dashboard.catalog_names import NameCache
from central.dashboard.throttle import SignInThrottle, app_throttle
from central.days import hall_day
from central.ratings import hall_calendar
from central.state import ServerState
from kiosk import validators
from kiosk.protocol.fields import Identifier, TerminalNumber, storable

T = TypeVar("T")

router = APIRouter(route_class=TextSafeRoute)

FAILURE_LIMIT = 20
WINDOW = timedelta(minutes=10)
LOCKOUT = timedelta(minutes=10)
CODE_MAX = 16  # as typed: eight characters, perhaps with spaces or a dash
DAY_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

STATUS = {
    Refusal.FULL: 409,
    Refusal.ALREADY_BOOKED: 409,
    Refusal.CLOSED: 409,
    Refusal.NOT_A_SERVICE_SATURDAY: 409,
    Refusal.CHECKED_IN: 409,
    Refusal.NO_SUCH_SLOT: 422,
    Refusal.NO_SUCH_ITEM: 422,
    Refusal.NOT_FOUND: 404,
}
DETAIL = {
    Refusal.FULL: "该时段已约满，请选择其他时段 / This slot is full: choose another one",
    Refusal.ALREADY_BOOKED: (
        "您在该星期六已有预约 / You already have an appointment on this Saturday"
    ),
    Refusal.CLOSED: "该星期六已停止预约 / Appointments for this Saturday are closed",
    Refusal.NOT_A_SERVICE_SATURDAY: (
        "该日不是可预约的星期六办事日 / That day is not a Saturday open for appointments"
    ),
    Refusal.CHECKED_IN: (
        "该预约已签到，不能更改或取消 / This appointment is checked in: it cannot be changed"
    ),
    Refusal.NO_SUCH_SLOT: "没有这个时段 / There is no such slot",
    Refusal.NO_SUCH_ITEM: "没有这个事项 / There is no such service",
    Refusal.NOT_FOUND: (
        "没有查到这个预约，请核对预约码和手机号码 / "
        "No such appointment: check the code and the mobile number"
    ),
}
CARD_NOT_FOUND = "今天没有这张身份证的预约 / No appointment today for this ID card"
THROTTLED = (
    "本终端查询失败次数过多，请 {m} 分钟后再试 / Too many failed lookups here: try again in {m} min"
)


# --- bodies ----------------------------------------------------------------------------------


def _day(value: object) -> date:
    """A day only as the text YYYY-MM-DD (lax pydantic would take a number of seconds)."""
    if not isinstance(value, str) or not DAY_FORM.fullmatch(value):
        raise ValueError("must be a calendar day, YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a calendar day, YYYY-MM-DD") from None


def _mobile(value: str) -> str:
    problem = validators.mobile_problem(value)
    if problem is not None:
        raise ValueError(problem)  # the key (mobile.format), never the number
    return validators.normalize_mobile(value)


def _resident_id(value: str) -> str:
    problem = validators.resident_id_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return validators.normalize_resident_id(value)


def _credit_code(value: str) -> str:
    problem = validators.credit_code_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return validators.normalize_credit_code(value)


def _name(value: str) -> str:
    name = validators.trim(storable(value))
    if not name or any(not c.isprintable() for c in name):
        raise ValueError("must be a name: printable, not empty")
    return name


Day = Annotated[date, BeforeValidator(_day), Field(description="a Saturday, YYYY-MM-DD")]
SlotStart = Annotated[str, Field(pattern=r"^[0-9]{2}:[0-9]{2}$", description='e.g. "09:00"')]
Mobile = Annotated[
    str, Field(max_length=20, description="a mainland mobile number"), AfterValidator(_mobile)
]
Code = Annotated[str, Field(min_length=1, max_length=CODE_MAX, description="e.g. K7QM3XPA")]


class BookingIn(BaseModel):
    """A place for one applicant: at most one of `id_number` and `credit_code`."""

    model_config = ConfigDict(extra="forbid", strict=True)

    terminal: TerminalNumber
    item_id: Identifier
    day: Day
    slot: SlotStart
    name: Annotated[str, Field(max_length=64), AfterValidator(_name)]
    mobile: Mobile
    id_number: Annotated[str, Field(max_length=24), AfterValidator(_resident_id)] | None = None
    credit_code: Annotated[str, Field(max_length=24), AfterValidator(_credit_code)] | None = None

    @model_validator(mode="after")
    def _one_identity(self) -> Self:
        if self.id_number is not None and self.credit_code is not None:
            raise ValueError("give id_number or credit_code, not both")
        return self


class CancelIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    mobile: Mobile


class ChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    mobile: Mobile
    day: Day
    slot: SlotStart


class CheckInIn(BaseModel):
    """A code and its proof: exactly one of `mobile` and `via`."""

    model_config = ConfigDict(extra="forbid", strict=True)

    code: Code
    mobile: Mobile | None = None
    via: Literal["qr"] | None = Field(
        default=None, description='"qr": the terminal read the booking\'s QR code'
    )

    @model_validator(mode="after")
    def _one_proof(self) -> Self:
        if (self.mobile is None) == (self.via is None):
            raise ValueError("give either mobile or via, not both or neither")
        return self


class CardCheckInIn(BaseModel):
    """The number on the resident ID card the terminal's reader read."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id_number: IdNumber


class SlotOut(BaseModel):
    start: str = Field(description='"09:00"')
    end: str = Field(description='"10:00"')
    left: int = Field(description="places still free")


class SaturdayOut(BaseModel):
    day: date
    opens: str
    closes: str
    closed: bool = Field(description="no more bookings (the hall phones those booked)")
    slots: list[SlotOut]


class SaturdaysOut(BaseModel):
    saturdays: list[SaturdayOut]


class BookingOut(BaseModel):
    """A booking as a terminal sees it: nothing of the applicant."""

    code: str = Field(description="eight characters of 23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    day: date
    slot: str
    item_id: str


class CancelledOut(BookingOut):
    state: Literal["cancelled"]


class CheckInOut(BaseModel):
    result: Literal["on_time", "early", "late", "not_today"]
    day: date
    slot: str
    item_id: str
    minutes: int | None = Field(
        default=None, description="for early: the minutes until check-in opens"
    )


class CardCheckInOut(CheckInOut):
    code: str = Field(description="the booking's code, as typed at a check-in by code")


class AppointmentProblem(BaseModel):
    detail: str = Field(description="bilingual: 中文 / English")
    reason: str = Field(
        description="full, already_booked, closed, not_a_service_saturday, checked_in, "
        "no_such_slot, no_such_item, not_found or throttled"
    )


# --- helpers ---------------------------------------------------------------------------------


_CATALOG = NameCache()  # the active catalog's items, parsed once per version


def _catalog_items(session: Session) -> set[str] | None:
    """The active catalog's item ids; None while no catalog is imported (then a booking
    names any item, as before catalogs were kept here)."""
    names = _CATALOG.get(session)
    return None if names.version is None else set(names.items)


def _throttle(request: Request) -> SignInThrottle:
    return app_throttle(request.app.state, "appointment_throttle", window=WINDOW, lockout=LOCKOUT)


def _answer(body: BaseModel, status: int = 200) -> JSONResponse:
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


def _refused(reason: Refusal | str, detail: str, status: int, **headers: str) -> JSONResponse:
    return JSONResponse(
        {"detail": detail, "reason": str(reason)},
        status_code=status,
        headers={"Cache-Control": "no-store", **headers},
    )


def _refusal(refused: Refused) -> JSONResponse:
    return _refused(refused.reason, DETAIL[refused.reason], STATUS[refused.reason])


def _booking(appointment: Any) -> BookingOut:
    return BookingOut(
        code=appointment.code,
        day=appointment.day,
        slot=appointment.slot,
        item_id=appointment.item_id,
    )


class _Guarded:
    """A lookup by code counted against the terminal: refused while it is locked out,
    counted when the code or the mobile was wrong; `counter` names the count
    ("" the typed codes', "id-card:" the card check-in's)."""

    def __init__(
        self, request: Request, client: Client, state: ServerState, counter: str = ""
    ) -> None:
        self.throttle = _throttle(request)
        self.keys = {f"{counter}terminal:{client.terminal}": FAILURE_LIMIT}
        self.now = state.clock()

    def locked(self) -> JSONResponse | None:
        wait = self.throttle.wait_minutes(self.keys, self.now)
        if not wait:
            return None
        return _refused(
            "throttled", THROTTLED.format(m=wait), 429, **{"Retry-After": str(wait * 60)}
        )

    def refused(self, refused: Refused, not_found: str = DETAIL[Refusal.NOT_FOUND]) -> JSONResponse:
        if refused.reason is Refusal.NOT_FOUND:
            self.throttle.failed(self.keys, self.now)
            return _refused(refused.reason, not_found, STATUS[refused.reason])
        return _refusal(refused)

    def run(
        self,
        state: ServerState,
        code: str | None,
        work: Callable[[Session], T],
        answer: Callable[[T], Any],
        not_found: str = DETAIL[Refusal.NOT_FOUND],
    ) -> Any:
        """`work` in a write transaction, unless the terminal is locked out or `code`
        cannot be one (None: no code, the card's lookup); its refusal counted and
        answered (`not_found` the 404's detail), else `answer` of its result."""
        locked = self.locked()
        if locked:
            return locked
        if code is not None and len(code) > CODE_MAX:
            return self.refused(Refused(Refusal.NOT_FOUND), not_found)
        try:
            done = write(state, work)
        except Refused as refused:
            return self.refused(refused, not_found)
        return answer(done)


REFUSALS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": AppointmentProblem, "description": "No such code, or a wrong mobile"},
    409: {
        "model": AppointmentProblem,
        "description": "full, already_booked, closed, not_a_service_saturday or checked_in",
    },
    422: {"model": AppointmentProblem, "description": "Malformed, no such slot or item"},
    429: {"model": AppointmentProblem, "description": "Too many wrong codes from this terminal"},
}


# --- routes ----------------------------------------------------------------------------------


@router.get(
    "/appointments/saturdays",
    response_model=SaturdaysOut,
    responses=ERRORS,
    summary="The next service Saturdays and the places left in each slot",
)
def get_saturdays(
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
    item_id: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z0-9_-]{1,36}$", description="the item the applicant chose"),
    ] = None,
) -> Any:
    """The places are the hall's, shared by every item: `item_id` is accepted so a
    terminal can name what it asks for (a later per-item quota needs no new route)."""
    today = hall_day(state.clock(), state.timezone)
    with state.db.read() as session:
        calendar = hall_calendar(session)
        # The calendar's Saturday hours (none: no Saturdays are found, hours unused).
        hours = appointments.saturday_hours(calendar) or appointments.DEFAULT_HOURS
        found = appointments.saturdays(session, calendar, today, hours)
    answer = SaturdaysOut(
        saturdays=[
            SaturdayOut(
                day=s.day,
                opens=hours.opens.strftime("%H:%M"),
                closes=hours.closes.strftime("%H:%M"),
                closed=s.closed,
                slots=[SlotOut(start=x.start, end=x.end, left=x.left) for x in s.slots],
            )
            for s in found
        ]
    )
    return _answer(answer)


@router.post(
    "/appointments",
    status_code=201,
    response_model=BookingOut,
    responses={**REFUSALS, 403: {"model": AppointmentProblem, "description": "Another terminal"}},
    summary="Book a place in a slot of a service Saturday; its code comes back",
)
def post_appointment(
    body: BookingIn,
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
) -> Any:
    same_terminal(client, body.terminal)
    now = state.clock()
    try:
        booked = write(
            state,
            lambda s: _booking(
                appointments.book(
                    s,
                    terminal=body.terminal,
                    item_id=body.item_id,
                    day=body.day,
                    slot=body.slot,
                    name=body.name,
                    mobile=body.mobile,
                    id_number=body.id_number,
                    credit_code=body.credit_code,
                    now=now,
                    zone=state.timezone,
                    calendar=hall_calendar(s),
                    items=_catalog_items(s),
                )
            ),
        )
    except Refused as refused:
        return _refusal(refused)
    return _answer(booked, 201)


@router.post(
    "/appointments/check-in",
    response_model=CheckInOut,
    responses=REFUSALS,
    summary="The applicant arrived: on time (checked in), early, late or not today",
)
def post_check_in(
    body: CheckInIn,
    request: Request,
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
) -> Any:
    """On time is from EARLY before the slot to LATE after its start
    (central.appointments); `minutes` of an early arrival counts to the window's opening."""
    guard = _Guarded(request, client, state)
    return guard.run(
        state,
        body.code,
        lambda s: appointments.check_in(s, body.code, body.mobile, guard.now, state.timezone),
        lambda arrival: _answer(_arrival(arrival)),
    )


@router.post(
    "/appointments/check-in-by-id-card",
    response_model=CardCheckInOut,
    responses={
        **REFUSALS,
        404: {"model": AppointmentProblem, "description": "No booking today for this ID card"},
        429: {
            "model": AppointmentProblem,
            "description": "Too many cards without a booking today at this terminal",
        },
    },
    summary="The holder of a resident ID card arrived for today's booking: as check-in",
)
def post_check_in_by_id_card(
    body: CardCheckInIn,
    request: Request,
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
) -> Any:
    """The holder's live booking of the hall's day (of several, the earliest slot not
    yet checked in), by the rules of POST /appointments/check-in; its answer and the
    booking's `code`. None today (a booking of another day neither): 404."""
    guard = _Guarded(request, client, state, counter="id-card:")
    return guard.run(
        state,
        None,
        lambda s: appointments.check_in_by_id_number(s, body.id_number, guard.now, state.timezone),
        lambda arrival: _answer(
            CardCheckInOut(**_arrival(arrival).model_dump(), code=arrival.code)
        ),
        not_found=CARD_NOT_FOUND,
    )


def _arrival(arrival: appointments.CheckIn) -> CheckInOut:
    return CheckInOut(
        result=arrival.result.value,
        day=arrival.day,
        slot=arrival.slot,
        item_id=arrival.item_id,
        minutes=arrival.minutes,
    )


@router.post(
    "/appointments/{code}/cancel",
    response_model=CancelledOut,
    responses=REFUSALS,
    summary="Cancel a booking (its place is free again)",
)
def post_cancel(
    code: str,
    body: CancelIn,
    request: Request,
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
) -> Any:
    guard = _Guarded(request, client, state)
    return guard.run(
        state,
        code,
        lambda s: _booking(appointments.cancel(s, code, body.mobile, guard.now)),
        lambda cancelled: _answer(CancelledOut(**cancelled.model_dump(), state="cancelled")),
    )


@router.post(
    "/appointments/{code}/change",
    response_model=BookingOut,
    responses=REFUSALS,
    summary="Move a booking to another slot or Saturday (the same code)",
)
def post_change(
    code: str,
    body: ChangeIn,
    request: Request,
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
) -> Any:
    guard = _Guarded(request, client, state)
    return guard.run(
        state,
        code,
        lambda s: _booking(
            appointments.change(
                s,
                code,
                body.mobile,
                body.day,
                body.slot,
                now=guard.now,
                zone=state.timezone,
                calendar=hall_calendar(s),
            )
        ),
        _answer,
    )
