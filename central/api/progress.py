"""POST /api/v1/progress: 办件进度查询 for the applicant standing at a terminal.

The body proves the applicant holds the declaration: `digits` (the last four of a mobile
number given in it) or `via: "qr"` (the terminal read the ticket's QR code). An unknown
reference and a wrong pair get the same 404. Wrong pairs are counted per terminal: past
FAILURE_LIMIT within WINDOW, that terminal's lookups are refused with 429 and
Retry-After for LOCKOUT, so four digits cannot be tried one after another.

POST /api/v1/progress/by-id-card: the terminal read the applicant's resident ID card
(holding it is the proof) and sends its number; the answer is the declarations about
that holder (central.holders), each in the shape POST /progress answers. None found is
a 404, counted per terminal as wrong pairs are, under a key of its own: a card's misses
and typed guesses each have FAILURE_LIMIT. The number is never logged nor echoed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal, Self

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from central import holders, progress
from central.api.auth import ERRORS, TERMINAL, Client, allow, server
from central.api.routing import TextSafeRoute
from central.api.schemas import Problem
from central.dashboard.throttle import SignInThrottle, app_throttle
from central.state import ServerState
from kiosk.protocol.fields import Reference

router = APIRouter(route_class=TextSafeRoute)

FAILURE_LIMIT = 20
WINDOW = timedelta(minutes=10)
LOCKOUT = timedelta(minutes=10)
NOT_FOUND = (
    "没有查到这件申报，请核对受理编号和手机号码后四位 / "
    "No such declaration: check the reference and the mobile number's last four digits"
)
THROTTLED = (
    "本终端查询失败次数过多，请 {m} 分钟后再试 / Too many failed lookups here: try again in {m} min"
)
CARD_NOT_FOUND = "没有查到与这张身份证有关的申报 / No declaration found for this ID card"
CARD_MOST = 5  # declarations in one answer, the newest
CARD_SINCE = timedelta(days=365)  # submitted within this much before now


class ProgressIn(BaseModel):
    """A reference and its proof: exactly one of `digits` and `via`."""

    model_config = ConfigDict(extra="forbid", strict=True)

    reference: Reference
    digits: Annotated[str, Field(pattern=r"^[0-9]{4}$")] | None = Field(
        default=None, description="the last four digits of a mobile number in the declaration"
    )
    via: Literal["qr"] | None = Field(
        default=None, description='"qr": the terminal read the ticket\'s QR code'
    )

    @model_validator(mode="after")
    def _one_proof(self) -> Self:
        if (self.digits is None) == (self.via is None):
            raise ValueError("give either digits or via, not both or neither")
        return self


def _id_number(value: str) -> str:
    # The length first: a huge string is refused without a look at its characters.
    if len(value) != holders.LENGTH or not value.isascii():
        raise PydanticCustomError(
            "resident_id.form",
            "须为18位居民身份证号码 / must be a resident ID number: "
            "18 characters, 17 digits and a last digit or X",
        )
    number = holders.resident_number(value)
    if number is None:
        raise PydanticCustomError(
            "resident_id.check",
            "不是有效的居民身份证号码 / not a resident ID number: "
            "17 digits and a last digit or X, with the right check digit (GB 11643)",
        )
    return number


IdNumber = Annotated[
    str,
    AfterValidator(_id_number),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 18,
            "maxLength": 18,
            "pattern": "^[0-9]{17}[0-9Xx]$",
            "description": "居民身份证号码 as read from the card (GB 11643, check digit right)",
        }
    ),
]


class CardIn(BaseModel):
    """The number on the resident ID card the terminal's reader read."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id_number: IdNumber


class Step(BaseModel):
    status: str
    at: datetime
    note: str


class Names(BaseModel):
    zh: str
    en: str


class Owed(BaseModel):
    id: str
    name: Names
    due_date: date


class MailingOut(BaseModel):
    """证照免费邮寄 as the lookup shows it: where the parcel is, never whom or which street
    it goes to (anyone holding the ticket may look)."""

    state: Literal["requested", "dispatched", "grid_leader"] = Field(
        description="grid_leader: brought home by the grid leader who declared (no address)"
    )
    carrier: str | None = Field(description="once dispatched: EMS, SF, …, or another's name")
    tracking: str | None = Field(description="once dispatched: the tracking number")
    dispatched_at: datetime | None
    district: str = Field(
        description="the city and district it goes to, e.g. 杭州市西湖区 (empty for grid_leader)"
    )


class RatingOut(BaseModel):
    level: str
    rated_at: datetime


class ProgressOut(BaseModel):
    """What the applicant sees: never the answers, nor who at the counter moved it."""

    reference: str
    item_id: str
    submitted_at: datetime
    status: str = Field(description="submitted, received, processing, completed or returned")
    history: list[Step] = Field(description="oldest first; a return's note says why")
    owed: list[Owed] = Field(description="容缺 materials still to bring, with their due dates")
    ticket: str | None
    mailing: MailingOut | None = Field(
        description="证照免费邮寄: null when the certificate is collected at the counter"
    )
    rating: RatingOut | None
    checked_at: datetime


class CardOut(BaseModel):
    declarations: list[ProgressOut] = Field(
        min_length=1,
        max_length=CARD_MOST,
        description="the newest first, at most 5, submitted within the last 365 days; "
        "each as POST /api/v1/progress answers for its reference",
    )


def _throttle(request: Request) -> SignInThrottle:
    return app_throttle(request.app.state, "progress_throttle", window=WINDOW, lockout=LOCKOUT)


def _refusal(status: int, detail: str, **headers: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


@router.post(
    "/progress",
    response_model=ProgressOut,
    responses={
        **ERRORS,
        404: {"model": Problem, "description": "No such declaration, or a wrong pair"},
        429: {"model": Problem, "description": "Too many failed lookups from this terminal"},
    },
    summary="A declaration's progress, for the applicant who proves they hold it",
)
def post_progress(
    body: ProgressIn,
    request: Request,
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
) -> Any:
    throttle = _throttle(request)
    keys = {f"terminal:{client.terminal}": FAILURE_LIMIT}
    now = state.clock()
    wait = throttle.wait_minutes(keys, now)
    if wait:
        return _refusal(429, THROTTLED.format(m=wait), **{"Retry-After": str(wait * 60)})
    with state.db.read() as session:
        found = progress.look_up(session, body.reference, body.digits)
    if found is None:
        throttle.failed(keys, now)
        return _refusal(404, NOT_FOUND)
    answer = _shown(found, now)
    return JSONResponse(answer.model_dump(mode="json"), headers={"Cache-Control": "no-store"})


@router.post(
    "/progress/by-id-card",
    response_model=CardOut,
    responses={
        **ERRORS,
        404: {"model": Problem, "description": "No declaration about this ID card's holder"},
        429: {"model": Problem, "description": "Too many lookups finding nothing here"},
    },
    summary="The progress of the declarations about the holder of a resident ID card",
)
def post_progress_by_id_card(
    body: CardIn,
    request: Request,
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
) -> Any:
    throttle = _throttle(request)
    keys = {f"id-card:terminal:{client.terminal}": FAILURE_LIMIT}
    now = state.clock()
    wait = throttle.wait_minutes(keys, now)
    if wait:
        return _refusal(429, THROTTLED.format(m=wait), **{"Retry-After": str(wait * 60)})
    key = holders.holder_key(body.id_number)
    with state.db.read() as session:
        found = progress.for_holder(session, key, now - CARD_SINCE, CARD_MOST)
    if not found:
        throttle.failed(keys, now)
        return _refusal(404, CARD_NOT_FOUND)
    answer = CardOut(declarations=[_shown(f, now) for f in found])
    return JSONResponse(answer.model_dump(mode="json"), headers={"Cache-Control": "no-store"})


def _shown(found: progress.Found, now: datetime) -> ProgressOut:
    return ProgressOut(
        reference=found.reference,
        item_id=found.item_id,
        submitted_at=found.submitted_at,
        status=found.status,
        history=[Step(**h) for h in found.history],
        owed=[Owed.model_validate(o) for o in found.owed],
        ticket=found.ticket,
        mailing=MailingOut.model_validate(found.mailing) if found.mailing else None,
        rating=RatingOut(**found.rating) if found.rating else None,
        checked_at=now,
    )
