"""What `central`'s set-up commands do: API clients, staff, the catalog and the calendar.

Each function works on an open Database and raises AdminError with a one-line message
for anything the operator must fix; the command line prints it (no traceback).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from central.db import Database
from central.models import ApiClient, CalendarVersion, CatalogVersion, Staff
from central.security import hash_password, new_token, token_hash
from kiosk.catalog.loader import CatalogError, load_catalog
from kiosk.workcalendar import CalendarDataError, WorkCalendar

TERMINALS = range(1, 13)
STAFF_ROLES = ("attendant", "supervisor")
MIN_PASSWORD = 8
VERSION_WIDTH = 32  # the catalogs' and calendars' version columns


class AdminError(Exception):
    """The operator's input cannot be used; the message says why, in one line."""


@dataclass(frozen=True)
class Issued:
    """A new API token (shown once) and whether it replaced an older one."""

    token: str
    replaced: bool


def add_terminal(db: Database, number: int, now: datetime) -> Issued:
    """A token for terminal `number`; a terminal's older token stops working."""
    if number not in TERMINALS:
        raise AdminError(f"terminal number must be 1 to 12, not {number}")
    token = new_token()
    with db.transaction() as s:
        row = s.scalar(select(ApiClient).where(ApiClient.terminal_number == number))
        replaced = row is not None
        if row is None:
            row = ApiClient(role="terminal", terminal_number=number, name=f"terminal {number}")
            s.add(row)
        # One row per terminal number: a new token replaces the hash, so the old one
        # is unknown from now on (a lost or stolen terminal's token is revoked).
        row.token_hash, row.created_at, row.revoked_at = token_hash(token), now, None
    return Issued(token, replaced)


def add_counter(db: Database, name: str, now: datetime) -> Issued:
    """A token for a counter's system; an older token of the same name is revoked."""
    name = name.strip()
    if not name or len(name) > 64:
        raise AdminError("the counter's name must be 1 to 64 characters")
    token = new_token()
    with db.transaction() as s:
        older = s.scalars(
            select(ApiClient).where(
                ApiClient.role == "counter",
                ApiClient.name == name,
                ApiClient.revoked_at.is_(None),
            )
        ).all()
        for row in older:
            row.revoked_at = now
        s.add(
            ApiClient(
                role="counter",
                terminal_number=None,
                name=name,
                token_hash=token_hash(token),
                created_at=now,
                revoked_at=None,
            )
        )
    return Issued(token, replaced=bool(older))


def add_staff(
    db: Database, username: str, name: str, role: str, password: str, now: datetime
) -> None:
    """A dashboard account; the password is kept only as its scrypt hash."""
    username, name = username.strip(), name.strip()
    if not username or len(username) > 64 or not name or len(name) > 64:
        raise AdminError("username and name must be 1 to 64 characters")
    if role not in STAFF_ROLES:
        raise AdminError(f"role must be one of {', '.join(STAFF_ROLES)}, not {role!r}")
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"the password must have at least {MIN_PASSWORD} characters")
    with db.transaction() as s:
        if s.scalar(select(Staff.id).where(Staff.username == username)) is not None:
            raise AdminError(f"staff member {username!r} already exists")
        s.add(
            Staff(
                username=username,
                display_name=name,
                role=role,
                password_hash=hash_password(password),
                created_at=now,
                disabled=False,
            )
        )


def import_catalog(db: Database, folder: Path, now: datetime) -> str:
    """Check the catalog in `folder` as a terminal would, store it, make it active."""
    try:
        catalog = load_catalog(folder)
    except CatalogError as error:
        problems = "; ".join(str(p) for p in error.problems)
        raise AdminError(f"the catalog has problems, nothing imported: {problems}") from None
    try:
        files = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.toml"))}
    except (OSError, UnicodeDecodeError) as error:
        raise AdminError(f"cannot read the catalog: {error}") from None
    _activate(db, CatalogVersion, catalog.version, {"files": files}, now)
    return catalog.version


def import_calendar(db: Database, path: Path, now: datetime) -> str:
    """Check a calendar file (WorkCalendar.from_dict form), store it, make it active."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise AdminError(f"cannot read {path}: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AdminError(f"{path} is not JSON: {error}") from None
    try:
        calendar = WorkCalendar.from_dict(data)
    except CalendarDataError as error:
        raise AdminError(f"the calendar has a problem, nothing imported: {error}") from None
    plain = calendar.to_dict()
    version = calendar.version
    if version is None:  # the same data gives the same version
        canonical = json.dumps(plain, sort_keys=True, ensure_ascii=False).encode("utf-8")
        version = hashlib.sha256(canonical).hexdigest()[:12]
        # The terminals read the version from the calendar itself (WorkCalendar.version).
        plain = {"version": version, **plain}
    if not version or len(version) > VERSION_WIDTH:
        raise AdminError(f"the calendar's version must be 1 to {VERSION_WIDTH} characters")
    _activate(db, CalendarVersion, version, {"data": plain}, now)
    return version


def _activate(
    db: Database,
    model: type[CatalogVersion] | type[CalendarVersion],
    version: str,
    content: dict[str, Any],
    now: datetime,
) -> None:
    with db.transaction() as s:
        row = s.get(model, version)
        if row is None:
            s.add(model(version=version, imported_at=now, **content))
        elif any(getattr(row, key) != value for key, value in content.items()):
            # Terminals that run this version would never download the changed one.
            raise AdminError(f"version {version} was imported before with other content")
        s.flush()
        s.execute(update(model).values(active=model.version == version))
