"""What the dashboard's tests share: staff, terminals and help calls written straight to
the database (the terminals' own API is used where the test is about it), and signing in
through the real form.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

from central import admin, helpcalls
from central.db import Database
from central.models import HelpCall, Terminal
from central.state import ServerState
from kiosk.resources import resource_path

PASSWORD = "correct horse 电池"


def add_staff(
    db: Database,
    username: str = "zhang",
    name: str = "张辅导",
    role: str = "attendant",
    password: str = PASSWORD,
) -> None:
    admin.add_staff(db, username, name, role, password, datetime.now(UTC))


def add_terminal(db: Database, number: int, **health: Any) -> str:
    """Register terminal `number` (its API token is returned) with optional health."""
    token = admin.add_terminal(db, number, datetime.now(UTC)).token
    if health:
        with db.transaction() as s:
            s.add(Terminal(number=number, **health))
    return token


def add_help_call(
    state: ServerState, terminal: int, context: dict[str, Any], requested_at: datetime
) -> str:
    """A help call as the event ingestion stores it, then the hub's notice."""
    call_id = str(uuid.uuid4())
    with state.db.transaction() as s:
        s.add(
            HelpCall(
                id=call_id,
                terminal=terminal,
                state=helpcalls.OPEN,
                context=context,
                requested_at=requested_at,
                change=helpcalls.next_change(s),
            )
        )
    state.hub.publish("help")
    return call_id


def import_catalog(db: Database) -> str:
    """The repository's catalog, imported and active as `central import-catalog` does."""
    return admin.import_catalog(db, resource_path("catalog"), datetime.now(UTC))


def csrf_in(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def sign_in(client: httpx.Client, username: str = "zhang", password: str = PASSWORD) -> str:
    """Sign in through the form; return the session's CSRF token from the dashboard."""
    form = client.get("/login")
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "csrf": csrf_in(form.text)},
    )
    assert answer.status_code == 303, answer.text
    page = client.get("/dashboard")
    assert page.status_code == 200
    return csrf_in(page.text)
