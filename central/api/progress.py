"""POST /api/v1/progress: 办件进度查询 for the applicant standing at a terminal.

The body proves the applicant holds the declaration: `digits` (the last four of a mobile
number given in it) or `via: "qr"` (the terminal read the ticket's QR code). An unknown
reference and a wrong pair get the same 404. Wrong pairs are counted per terminal: past
FAILURE_LIMIT within WINDOW, that terminal's lookups are refused with 429 and
Retry-After for LOCKOUT, so four digits cannot be tried one after another.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal, Self

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from central import progress
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
    answer = ProgressOut(
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
    return JSONResponse(answer.model_dump(mode="json"), headers={"Cache-Control": "no-store"})
