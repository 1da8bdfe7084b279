"""POST /api/v1/tickets (a hall-wide number) and GET /api/v1/queue (who waits where).

A ticket with `appointment` is a checked-in Saturday booking's, of APPOINTMENT_SERIES
(Y) and only that series; no other ticket may be of it. A booking that cannot give the
ticket is refused 409 with a `reason`, as the appointment routes refuse
(central.api.appointments): appointment_not_checked_in, appointment_used.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from central import tickets
from central.api.auth import COUNTER, ERRORS, TERMINAL, Client, allow, same_terminal, server
from central.api.routing import TextSafeRoute
from central.api.schemas import Problem, QueueOut, TicketIn, TicketOut, Waiting
from central.api.writes import write
from central.days import hall_day, ticket_day_problem
from central.identifiers import Malformed, NotYours, check_reference
from central.state import ServerState
from kiosk.tickets import APPOINTMENT_SERIES

router = APIRouter(route_class=TextSafeRoute)

REFUSED = {
    tickets.NOT_CHECKED_IN: (
        "该预约未签到或不是当天的预约 / This appointment is not checked in for that day"
    ),
    tickets.USED: "该预约已取过号 / This appointment already has its ticket",
}


class TicketProblem(BaseModel):
    detail: str = Field(description="what is wrong (bilingual for an appointment's refusal)")
    reason: str | None = Field(
        default=None,
        description="for an appointment's refusal: appointment_not_checked_in (unknown, not "
        "checked in, or another day's) or appointment_used (another reference's ticket)",
    )


@router.post(
    "/tickets",
    response_model=TicketOut,
    responses={
        **ERRORS,
        403: {"model": Problem, "description": "Another terminal's token or reference"},
        409: {
            "model": TicketProblem,
            "description": "The reference has a ticket, or the appointment cannot give one",
        },
        422: {
            "model": Problem,
            "description": "Malformed, a day other than the hall's, or series Y with no "
            "appointment (or an appointment with another series)",
        },
    },
    summary="The next number of the day for a series; the same one for the same reference",
)
def post_ticket(
    body: TicketIn,
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
) -> TicketOut | JSONResponse:
    """403 for another terminal's reference (its TT part, docs/tickets.md); 422 for a day
    other than the hall's today, yesterday or tomorrow (central.days), or a series that
    does not go with `appointment`."""
    same_terminal(client, body.terminal)
    if body.appointment is None and body.series == APPOINTMENT_SERIES:
        raise HTTPException(422, f"series {APPOINTMENT_SERIES} is for appointments")
    if body.appointment is not None and body.series != APPOINTMENT_SERIES:
        raise HTTPException(
            422, f"series: an appointment's ticket is of series {APPOINTMENT_SERIES}"
        )
    try:
        check_reference(body.reference, body.terminal)
    except NotYours as problem:
        raise HTTPException(403, str(problem)) from None
    except Malformed as problem:
        raise HTTPException(422, str(problem)) from None
    wrong_day = ticket_day_problem(body.day, state.clock(), state.timezone)
    if wrong_day is not None:
        raise HTTPException(422, wrong_day)
    try:
        allocation = write(
            state,
            lambda s: tickets.allocate(
                s,
                terminal=body.terminal,
                reference=body.reference,
                series=body.series,
                day=body.day,
                counters=body.counters,
                now=state.clock(),
                appointment=body.appointment,
            ),
        )
    except tickets.AppointmentRefused as refused:
        return JSONResponse(
            {"detail": REFUSED[refused.reason], "reason": refused.reason}, status_code=409
        )
    except tickets.TicketConflict as conflict:
        raise HTTPException(409, str(conflict)) from None
    state.hub.publish("figures")
    return TicketOut(number=allocation.number, sequence=allocation.sequence, ahead=allocation.ahead)


@router.get(
    "/queue",
    response_model=QueueOut,
    responses=ERRORS,
    summary="Today's tickets still waiting, per counter",
)
def get_queue(
    client: Annotated[Client, Depends(allow(TERMINAL, COUNTER))],
    state: Annotated[ServerState, Depends(server)],
) -> QueueOut:
    day = hall_day(state.clock(), state.timezone)
    with state.db.read() as session:
        waiting = tickets.waiting_by_counter(session, day)
    return QueueOut(day=day, counters={str(c): Waiting(waiting=n) for c, n in waiting.items()})
