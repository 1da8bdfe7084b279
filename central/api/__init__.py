"""The terminals' HTTP API under /api/v1 (docs/sync-protocol.md)."""

from __future__ import annotations

from fastapi import FastAPI

from central.state import ServerState


def install(app: FastAPI, state: ServerState) -> None:
    """Add the /api/v1 routes to `app`."""
