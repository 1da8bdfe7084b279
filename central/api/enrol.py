"""POST /api/v1/enrol: a terminal exchanges a one-time enrolment code for its token.

The only /api/v1 route without a bearer token: the terminal has none yet; the code is
its credential (central.enrolment). The body is `{"code": "K7QM-3XPA"}` and nothing
else (a strict schema; the body's size is bounded for every route by BodyLimit). The
answer is the terminal's number, its new token (shown this once) and the hall's name.

Refusals are problem documents whose `reason` tells the cases apart, with a bilingual
`detail`: 404 `wrong`, 409 `used`, 410 `expired` or `replaced`. Wrong codes count
against the caller's address (and, much higher, against everyone: many addresses
guessing together), as the dashboard's sign-in throttle does for passwords: past the
limit every attempt is answered 429 with Retry-After, without looking at the code.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from central.api.auth import server
from central.api.routing import TextSafeRoute
from central.dashboard.throttle import SignInThrottle, app_throttle
from central.enrolment import MAX_TYPED, EnrolmentRefused, Refusal, redeem
from central.state import ServerState

router = APIRouter(route_class=TextSafeRoute)

ADDRESS_LIMIT = 10  # wrong codes from one address within WINDOW
HALL_LIMIT = 200  # wrong codes from all addresses together within WINDOW
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)

STATUS = {
    Refusal.WRONG: 404,
    Refusal.USED: 409,
    Refusal.EXPIRED: 410,
    Refusal.REPLACED: 410,
}
DETAIL = {
    Refusal.WRONG: "登记码不正确 / This enrolment code is wrong",
    Refusal.USED: "登记码已使用过 / This enrolment code was used already",
    Refusal.EXPIRED: "登记码已过期 / This enrolment code has expired",
    Refusal.REPLACED: (
        "该终端已有更新的登记码 / A newer enrolment code was issued for this terminal"
    ),
}
THROTTLED = "尝试次数过多，请 {m} 分钟后再试 / Too many wrong codes: try again in {m} min"


class EnrolIn(BaseModel):
    """The code as typed: with or without its dash, any case."""

    model_config = ConfigDict(extra="forbid", strict=True)

    code: str = Field(max_length=MAX_TYPED, description="e.g. K7QM-3XPA or k7qm3xpa")


class EnrolOut(BaseModel):
    terminal: int = Field(description="the terminal the code was issued for, 1 to 12")
    token: str = Field(description="its new API token (the previous one is revoked)")
    hall_name: str | None = Field(description="the hall's name, when the server has one")


class EnrolProblem(BaseModel):
    detail: str = Field(description="bilingual: 中文 / English")
    reason: str = Field(description="wrong, used, expired, replaced or throttled")


def _throttle(request: Request) -> SignInThrottle:
    return app_throttle(request.app.state, "enrol_throttle", window=WINDOW, lockout=LOCKOUT)


def _problem(status: int, reason: str, detail: str, **headers: str) -> JSONResponse:
    return JSONResponse(
        {"detail": detail, "reason": reason},
        status_code=status,
        headers={"Cache-Control": "no-store", **headers},
    )


@router.post(
    "/enrol",
    response_model=EnrolOut,
    responses={
        404: {"model": EnrolProblem, "description": "No such code (reason: wrong)"},
        409: {"model": EnrolProblem, "description": "The code was used (reason: used)"},
        410: {
            "model": EnrolProblem,
            "description": "The code expired or a newer one was issued (expired, replaced)",
        },
        429: {"model": EnrolProblem, "description": "Too many wrong codes (throttled)"},
    },
    summary="Exchange a one-time enrolment code for the terminal's token (no token needed)",
)
def post_enrol(
    body: EnrolIn,
    request: Request,
    state: Annotated[ServerState, Depends(server)],
) -> Any:
    throttle = _throttle(request)
    address = request.client.host if request.client else ""
    keys = {f"addr:{address}": ADDRESS_LIMIT, "hall": HALL_LIMIT}
    now = state.clock()
    wait = throttle.wait_minutes(keys, now)
    if wait:
        return _problem(
            429, "throttled", THROTTLED.format(m=wait), **{"Retry-After": str(wait * 60)}
        )
    try:
        enrolled = redeem(state.db, body.code, now)
    except EnrolmentRefused as refused:
        throttle.failed(keys, now)
        return _problem(STATUS[refused.reason], refused.reason.value, DETAIL[refused.reason])
    answer = EnrolOut(
        terminal=enrolled.terminal, token=enrolled.token, hall_name=enrolled.hall_name
    )
    return JSONResponse(answer.model_dump(), headers={"Cache-Control": "no-store"})
