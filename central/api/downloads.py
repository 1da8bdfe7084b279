"""GET /api/v1/catalog and /api/v1/calendar: what the terminals download, with ETags.

The ETag is the version, so a terminal that already runs it gets a 304 and no body.
"""

from __future__ import annotations

from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Header, HTTPException
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from central.api.auth import ERRORS, TERMINAL, Client, allow, server
from central.api.routing import TextSafeRoute
from central.api.schemas import CalendarOut, CatalogOut, Problem
from central.models import CalendarVersion, CatalogVersion
from central.state import ServerState

router = APIRouter(route_class=TextSafeRoute)

NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: If-None-Match is the current version"},
}


def etag_of(version: str) -> str:
    """The ETag of a version (also GET /staff's)."""
    return f'"{version}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether If-None-Match names `etag` (or is *)."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


def _active(
    state: ServerState,
    model: type[CatalogVersion] | type[CalendarVersion],
    missing: str,
    if_none_match: str | None,
) -> Response:
    """The active version of `model` as JSON with its ETag, 304 when the terminal has it."""
    with state.db.read() as session:
        found = session.scalar(select(model).where(model.active))
        active = cast("CatalogVersion | CalendarVersion | None", found)
        if active is None:
            raise HTTPException(404, missing)
        version = active.version
        if isinstance(active, CatalogVersion):
            body = CatalogOut(version=version, files=active.files).model_dump(mode="json")
        else:
            body = CalendarOut(version=version, calendar=active.data).model_dump(mode="json")
    etag = etag_of(version)
    if matches(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    return JSONResponse(body, headers={"ETag": etag})


@router.get(
    "/catalog",
    response_model=CatalogOut,
    responses={
        **ERRORS,
        **NOT_MODIFIED,
        404: {"model": Problem, "description": "No catalog imported yet"},
    },
    summary="The active service catalog's TOML files",
)
def get_catalog(
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    missing = "no catalog was imported (central import-catalog)"
    return _active(state, CatalogVersion, missing, if_none_match)


@router.get(
    "/calendar",
    response_model=CalendarOut,
    responses={
        **ERRORS,
        **NOT_MODIFIED,
        404: {"model": Problem, "description": "No calendar imported: keep your own"},
    },
    summary="The active holiday calendar (WorkCalendar.to_dict() form)",
)
def get_calendar(
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    missing = "no calendar was imported (central import-calendar)"
    return _active(state, CalendarVersion, missing, if_none_match)
