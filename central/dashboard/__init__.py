"""The dashboard for guidance staff and the hall supervisor (HTML, live updates).

Pages: /login, /dashboard (and / leads there), a terminal's audit of staff actions
(/dashboard/terminals/N/audit) and the staff accounts (/dashboard/staff, supervisors).
Data: /dashboard/snapshot.json and the server-sent event stream /dashboard/stream.
Actions: acknowledging and resolving help calls, managing accounts, signing out. See
`routes.py` for the rules every response follows.
"""

from __future__ import annotations

from fastapi import FastAPI

from central.dashboard.routes import Dashboard
from central.state import ServerState


def install(app: FastAPI, state: ServerState) -> None:
    """Add the dashboard's pages, sign-in and live stream to `app`."""
    Dashboard(state).install(app)
