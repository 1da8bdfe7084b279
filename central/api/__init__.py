"""The terminals' HTTP API under /api/v1 (docs/sync-protocol.md).

Each area is a router in its own module; `install` mounts them all. Every route takes
the bearer token's client through `central.api.auth.allow`, which says which roles
may call it, except POST /enrol (central/api/enrol.py: the one-time code is the
credential).
"""

from __future__ import annotations

from fastapi import FastAPI

from central.api import (
    appointments,
    declarations,
    dispatch,
    downloads,
    enrol,
    events,
    help_calls,
    progress,
    staff,
    terminals,
    tickets,
)
from central.state import ServerState

PREFIX = "/api/v1"


def install(app: FastAPI, state: ServerState) -> None:
    """Add the /api/v1 routes to `app` (they find `state` as app.state.server)."""
    for module in (
        events,
        tickets,
        downloads,
        help_calls,
        declarations,
        dispatch,
        progress,
        appointments,
        staff,
        terminals,
        enrol,
    ):
        app.include_router(module.router, prefix=PREFIX, tags=["terminals and counters"])
