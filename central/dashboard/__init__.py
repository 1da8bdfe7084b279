"""The dashboard for guidance staff and the hall supervisor (HTML, live updates)."""

from __future__ import annotations

from fastapi import FastAPI

from central.state import ServerState


def install(app: FastAPI, state: ServerState) -> None:
    """Add the dashboard's pages, sign-in and live stream to `app`."""
