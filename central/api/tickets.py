"""POST /api/v1/tickets (a hall-wide number) and GET /api/v1/queue (who waits where)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException

from central import tickets
from central.api.auth import COUNTER, ERRORS, TERMINAL, Client, allow, same_terminal, server
from central.api.routing import TextSafeRoute
from central.api.schemas import Problem, QueueOut, TicketIn, TicketOut, Waiting
from central.api.writes import write
from central.days import hall_day, ticket_day_problem
from central.identifiers import Malformed, NotYours, check_reference
from central.state import ServerState

router = APIRouter(route_class=TextSafeRoute)


@router.post(
    "/tickets",
    response_model=TicketOut,
    responses={
        **ERRORS,
        403: {"model": Problem, "description": "Another terminal's token or reference"},
        409: {"model": Problem, "description": "The reference has a ticket"},
        422: {"model": Problem, "description": "Malformed, or a day other than the hall's"},
    },
    summary="The next number of the day for a series; the same one for the same reference",
)
def post_ticket(
    body: TicketIn,
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
) -> TicketOut:
    """403 for another terminal's reference (its TT part, docs/tickets.md); 422 for a day
    other than the hall's today, yesterday or tomorrow (central.days)."""
    same_terminal(client, body.terminal)
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
            ),
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
