"""GET /api/v1/catalog and /api/v1/calendar: what the terminals download, with ETags.

The ETag is the version, so a terminal that already runs it gets a 304 and no body.
"""

from __future__ import annotations

from typing import Annotated, Any

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


def _etag(version: str) -> str:
    return f'"{version}"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


def _answer(body: dict[str, Any], version: str, if_none_match: str | None) -> Response:
    etag = _etag(version)
    if _matches(if_none_match, etag):
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
    with state.db.read() as session:
        catalog = session.scalar(select(CatalogVersion).where(CatalogVersion.active))
        if catalog is None:
            raise HTTPException(404, "no catalog was imported (central import-catalog)")
        version = catalog.version
        body = CatalogOut(version=version, files=catalog.files).model_dump(mode="json")
    return _answer(body, version, if_none_match)


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
    with state.db.read() as session:
        calendar = session.scalar(select(CalendarVersion).where(CalendarVersion.active))
        if calendar is None:
            raise HTTPException(404, "no calendar was imported (central import-calendar)")
        version = calendar.version
        body = CalendarOut(version=version, calendar=calendar.data).model_dump(mode="json")
    return _answer(body, version, if_none_match)
