"""GET /api/v1/staff: the staff roster the terminals' PIN pads check (central.staff).

Like /catalog, the ETag is the version (a hash of the content, so a disabled account or
a new PIN changes it) and a terminal that has it gets a 304 without a body.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header
from fastapi.responses import JSONResponse, Response

from central import staff
from central.api.auth import ERRORS, TERMINAL, Client, allow, server
from central.api.downloads import NOT_MODIFIED, etag_of, matches
from central.api.routing import TextSafeRoute
from central.api.schemas import StaffRosterOut
from central.state import ServerState

router = APIRouter(route_class=TextSafeRoute)


@router.get(
    "/staff",
    response_model=StaffRosterOut,
    responses={**ERRORS, **NOT_MODIFIED},
    summary="The enabled staff accounts with a terminal PIN, and the hall's PIN salt",
)
def get_staff(
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    with state.db.read() as session:
        roster = staff.roster(session)
    if not roster.salt:  # its row was removed by hand: make a new one (old PINs are void)
        with state.db.transaction() as session:
            staff.salt(session)
            roster = staff.roster(session)
    etag = etag_of(roster.version)
    if matches(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    return JSONResponse(roster.as_json(), headers={"ETag": etag})
