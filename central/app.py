"""The central server's ASGI application: the terminals' API and the staff dashboard."""

from __future__ import annotations

from fastapi import FastAPI

from central import api, dashboard
from central.state import ServerState

API_VERSION = "1.0.0"


def create_app(state: ServerState) -> FastAPI:
    """The application for one hall's database; `central serve` runs it with uvicorn."""
    app = FastAPI(
        title="Self-service declaration kiosk: central server",
        version=API_VERSION,
        description="The terminals' sync API (see docs/sync-protocol.md) and the dashboard.",
    )
    app.state.server = state
    api.install(app, state)
    dashboard.install(app, state)
    return app
