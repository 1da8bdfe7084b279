"""GET /api/v1/terminals/in-service: which terminals an applicant can be sent to.

A terminal out of service says "please use terminal 3, 5, 8": the registered terminals
heard from within the last 2 minutes (they beat every 30 s) whose latest mode is not
out of service. A terminal that never said its mode counts as in service.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import or_, select

from central.api.auth import ERRORS, TERMINAL, Client, allow, server
from central.api.routing import TextSafeRoute
from central.api.schemas import InServiceOut
from central.models import ApiClient, Terminal
from central.state import ServerState
from kiosk.protocol import OUT_OF_SERVICE

router = APIRouter(route_class=TextSafeRoute)

SEEN_WITHIN = timedelta(minutes=2)


@router.get(
    "/terminals/in-service",
    response_model=InServiceOut,
    responses=ERRORS,
    summary="The terminals in service now (seen within 2 minutes, not out of service)",
)
def get_in_service(
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
) -> InServiceOut:
    since = state.clock() - SEEN_WITHIN
    with state.db.read() as session:
        numbers = session.scalars(
            select(Terminal.number)
            .join(ApiClient, ApiClient.terminal_number == Terminal.number)
            .where(
                ApiClient.role == TERMINAL,
                ApiClient.revoked_at.is_(None),
                Terminal.last_seen_at >= since,
                or_(Terminal.mode.is_(None), Terminal.mode != OUT_OF_SERVICE),
            )
            .order_by(Terminal.number)
        ).all()
    return InServiceOut(terminals=list(numbers))
