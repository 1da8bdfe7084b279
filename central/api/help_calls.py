"""GET /api/v1/help-calls?since=N: the caller's help calls changed after change N."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from central.api.auth import ERRORS, TERMINAL, Client, allow, server
from central.api.routing import TextSafeRoute
from central.api.schemas import HelpCallOut, HelpCallsOut
from central.helpcalls import CHANGE_COUNTER
from central.models import Counter, HelpCall
from central.state import ServerState
from kiosk.protocol.fields import INT32

router = APIRouter(route_class=TextSafeRoute)


@router.get(
    "/help-calls",
    response_model=HelpCallsOut,
    responses=ERRORS,
    summary="This terminal's help calls whose state changed after change number `since`",
)
def get_help_calls(
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
    since: Annotated[int, Query(ge=0, le=INT32)] = 0,
) -> HelpCallsOut:
    with state.db.read() as session:
        # The cursor first: a change committed after it is sent next time, never lost.
        cursor = session.scalar(select(Counter.value).where(Counter.name == CHANGE_COUNTER)) or 0
        if since > cursor:  # the server's database was replaced: start again from 0
            since = 0
        calls = session.scalars(
            select(HelpCall)
            .where(
                HelpCall.terminal == client.terminal,
                HelpCall.change > since,
                HelpCall.change <= cursor,
            )
            .order_by(HelpCall.change)
        ).all()
        return HelpCallsOut(
            cursor=cursor,
            calls=[
                HelpCallOut(
                    id=c.id,
                    state=c.state,
                    changed=c.change,
                    acknowledged_at=c.acknowledged_at,
                    resolved_at=c.resolved_at,
                    cancelled_at=c.cancelled_at,
                )
                for c in calls
            ],
        )
