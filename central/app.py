"""The central server's ASGI application: the terminals' API and the staff dashboard."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from central import api, dashboard
from central.api import problems
from central.api.bodies import BodyLimit
from central.api.events import apply_kept_events
from central.state import ServerState

API_VERSION = "1.1.0"  # 1.1: batches say their protocol version; terminal.mode

log = logging.getLogger(__name__)


def create_app(state: ServerState) -> FastAPI:
    """The application for one hall's database; `central serve` runs it with uvicorn."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            await run_in_threadpool(apply_kept_events, state)
        except Exception:  # a server that cannot do it now still serves; a batch retries
            log.exception("kept events not applied at start (the next batch tries again)")
        yield

    app = FastAPI(
        title="Self-service declaration kiosk: central server",
        version=API_VERSION,
        description="The terminals' sync API (see docs/sync-protocol.md) and the dashboard.",
        lifespan=lifespan,
    )
    app.state.server = state
    # Every body is bounded while it arrives, dashboard forms too (central.api.bodies).
    app.add_middleware(BodyLimit, state=state)
    problems.install(app)
    api.install(app, state)
    dashboard.install(app, state)
    return app
