"""What `central`'s set-up commands do: API clients, staff, the catalog, the calendar
and the opening hours it carries.

Each function works on an open Database and raises AdminError with a one-line message
for anything the operator must fix; the command line prints it (no traceback), the
dashboard shows the string its `key` names. PINs are derived (0.1 s) outside the write
transaction, and neither a PIN nor a password is ever part of a message.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central import staff as staff_rules
from central.db import Database
from central.models import ApiClient, CalendarVersion, CatalogVersion, Setting, Staff, WebSession
from central.security import hash_password, new_token, token_hash
from kiosk.catalog.loader import CatalogError, load_catalog
from kiosk.hours import OpeningHours, Span
from kiosk.workcalendar import CalendarDataError, WorkCalendar

TERMINALS = range(1, 13)
STAFF_ROLES = staff_rules.ROLES
MIN_PASSWORD = 8
VERSION_WIDTH = 32  # the catalogs' and calendars' version columns
HOURS_SUFFIX = re.compile(r"\+h[0-9a-f]{6}$")
"""What set_hours appends to the version it starts from ("2027.1+h3fa9c1")."""


class AdminError(Exception):
    """The operator's input cannot be used; the message says why, in one line. `key`
    names the dashboard's string for it (central.dashboard.i18n), when it has one."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Issued:
    """A new API token (shown once) and whether it replaced an older one."""

    token: str
    replaced: bool


def add_terminal(db: Database, number: int, now: datetime) -> Issued:
    """A token for terminal `number`; a terminal's older token stops working."""
    # One token path for the command line and the one-time codes (central.enrolment),
    # imported here: central.enrolment imports this module's TERMINALS and Issued.
    from central.enrolment import terminal_token

    if number not in TERMINALS:
        raise AdminError(f"terminal number must be 1 to 12, not {number}")
    # One row per terminal number: a new token replaces the hash, so the old one is
    # unknown from now on (a lost or stolen terminal's token is revoked).
    with db.transaction() as s:
        return terminal_token(s, number, now)


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


def check_staff(username: str, name: str, role: str) -> tuple[str, str]:
    """The username and display name as stored; AdminError for unusable ones."""
    username, name = username.strip(), name.strip()
    # Checked for its length first: a 10 000-character name is refused, not matched.
    if len(username) > 64 or staff_rules.USERNAME.fullmatch(username) is None:
        raise AdminError(
            "the username must be 1 to 64 letters, digits or . _ @ - (starting with a "
            "letter or digit)",
            "staff_bad_username",
        )
    if not name or len(name) > staff_rules.NAME_MAX or not name.isprintable():
        raise AdminError(
            f"the name must be 1 to {staff_rules.NAME_MAX} printable characters",
            "staff_bad_name",
        )
    if role not in STAFF_ROLES:
        shown = role if len(role) <= 32 else role[:32] + "…"
        raise AdminError(
            f"role must be one of {', '.join(STAFF_ROLES)}, not {shown!r}", "staff_bad_role"
        )
    return username, name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AdminError(
            f"the password must have at least {MIN_PASSWORD} characters", "staff_short_password"
        )
    if len(password) > 1024:  # scrypt of megabytes is work for nothing
        raise AdminError("the password must have at most 1024 characters", "staff_long_password")


def check_pin(pin: str) -> None:
    """AdminError when `pin` is not 6 to 8 ASCII digits or is trivial (no database)."""
    problem = staff_rules.pin_problem(pin)
    if problem is not None:
        raise AdminError(str(problem), problem.key)


def _hall_salt(db: Database) -> bytes:
    with db.read() as s:
        row = s.get(Setting, staff_rules.SALT_SETTING)
        if row is not None:
            return bytes.fromhex(row.value)
    with db.transaction() as s:
        return staff_rules.salt(s)


def _derived(db: Database, pin: str) -> str:
    check_pin(pin)
    return staff_rules.derive(pin, _hall_salt(db))


def _refused_pin() -> AdminError:
    problem = staff_rules.in_use()
    return AdminError(str(problem), problem.key)


def add_staff(
    db: Database,
    username: str,
    name: str,
    role: str,
    password: str | None,
    now: datetime,
    *,
    pin: str | None = None,
) -> None:
    """A staff account. `password` None: terminal-only (no dashboard sign-in); it is kept
    only as its scrypt hash. `pin`: the terminal PIN, kept only as its hall-salted hash."""
    username, name = check_staff(username, name, role)
    if password is not None:
        check_password(password)
    pin_hash = _derived(db, pin) if pin is not None else None
    password_hash = hash_password(password) if password is not None else ""
    try:
        with db.transaction() as s:
            if s.scalar(select(Staff.id).where(Staff.username == username)) is not None:
                raise AdminError(f"staff member {username!r} already exists", "staff_exists")
            if pin_hash is not None and staff_rules.holder(s, pin_hash) is not None:
                raise _refused_pin()
            s.add(
                Staff(
                    username=username,
                    display_name=name,
                    role=role,
                    password_hash=password_hash,
                    created_at=now,
                    disabled=False,
                    pin_hash=pin_hash,
                    pin_set_at=now if pin_hash is not None else None,
                )
            )
    except IntegrityError:  # the same username or PIN committed by someone else meanwhile
        raise AdminError(
            "this username or PIN is already in use, choose another", "staff_conflict"
        ) from None


def _account(s: Session, username: str) -> Staff:
    username = username.strip()
    if len(username) > 64 or staff_rules.USERNAME.fullmatch(username) is None:
        raise AdminError("no such staff member", "staff_unknown")  # not echoed: it may be huge
    row = s.scalar(select(Staff).where(Staff.username == username))
    if row is None:
        raise AdminError(f"no staff member {username!r}", "staff_unknown")
    return row


def set_pin(db: Database, username: str, pin: str, now: datetime) -> None:
    """Give `username` a new terminal PIN (the terminals take it at their next sync)."""
    with db.read() as s:
        _account(s, username)  # an unknown name is said before the 0.1 s derivation
    pin_hash = _derived(db, pin)
    try:
        with db.transaction() as s:
            row = _account(s, username)
            other = staff_rules.holder(s, pin_hash)
            if other is not None and other != row.id:
                raise _refused_pin()
            row.pin_hash, row.pin_set_at = pin_hash, now
    except IntegrityError:
        raise _refused_pin() from None


def set_disabled(db: Database, username: str, disabled: bool) -> None:
    """Disable (or enable again) an account. Disabled, its PIN leaves the terminals'
    roster (they stop accepting it once they sync) and its dashboard sessions end."""
    with db.transaction() as s:
        row = _account(s, username)
        row.disabled = disabled
        if disabled:
            s.execute(delete(WebSession).where(WebSession.staff_id == row.id))


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
    if calendar.hours is not None:
        _check_saturday_slots(calendar.hours, "hours.saturday")
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


def check_hours(weekdays: str, saturday: str | None) -> OpeningHours:
    """The hours as typed ("09:00-17:00"; `saturday` None: no Saturday service), else an
    AdminError naming the option (no database)."""

    def span(value: str, option: str) -> Span:
        value = value.strip()
        if len(value) > len("09:00-17:00"):  # not echoed: it may be huge
            raise AdminError(f"{option}: not a time span like 09:00-17:00")
        try:
            return Span.parse(value)
        except ValueError as error:
            raise AdminError(f"{option}: {error}") from None

    hours = OpeningHours(
        span(weekdays, "--weekdays"), span(saturday, "--saturday") if saturday is not None else None
    )
    _check_saturday_slots(hours, "--saturday")
    return hours


def _check_saturday_slots(hours: OpeningHours, where: str) -> None:
    from central.appointments import SLOT_MINUTES, Hours

    saturday = hours.saturday
    if saturday is not None and not Hours(saturday.opens, saturday.closes).slots():
        raise AdminError(
            f"{where}: {saturday.plain} is shorter than one appointment slot "
            f"({SLOT_MINUTES} minutes)"
        )


def set_hours(db: Database, hours: OpeningHours, now: datetime) -> str:
    """A new active calendar version: the active one (else the package's, with no days)
    with `hours`. Its version is the active one's (a previous suffix dropped) + "+h" and
    six hex digits of the content's hash, so the same hours on the same calendar give
    the same version again. The version made active comes back."""
    with db.transaction() as s:  # read and activate at once: no import in between lost
        data = s.scalar(select(CalendarVersion.data).where(CalendarVersion.active.is_(True)))
        try:
            base = WorkCalendar.from_dict(data) if data is not None else WorkCalendar()
        except CalendarDataError as error:
            raise AdminError(
                f"the active calendar cannot be read ({error}): import a calendar first"
            ) from None
        plain = base.with_hours(hours).to_dict()
        plain.pop("version", None)
        canonical = json.dumps(plain, sort_keys=True, ensure_ascii=False).encode("utf-8")
        suffix = "+h" + hashlib.sha256(canonical).hexdigest()[:6]
        stem = HOURS_SUFFIX.sub("", base.version or "") or "calendar"
        version = stem[: VERSION_WIDTH - len(suffix)] + suffix
        _activate_in(s, CalendarVersion, version, {"data": {"version": version, **plain}}, now)
    return version


def _activate(
    db: Database,
    model: type[CatalogVersion] | type[CalendarVersion],
    version: str,
    content: dict[str, Any],
    now: datetime,
) -> None:
    with db.transaction() as s:
        _activate_in(s, model, version, content, now)


def _activate_in(
    s: Session,
    model: type[CatalogVersion] | type[CalendarVersion],
    version: str,
    content: dict[str, Any],
    now: datetime,
) -> None:
    row = s.get(model, version)
    if row is None:
        s.add(model(version=version, imported_at=now, **content))
    elif any(getattr(row, key) != value for key, value in content.items()):
        # Terminals that run this version would never download the changed one.
        raise AdminError(f"version {version} was imported before with other content")
    s.flush()
    s.execute(update(model).values(active=model.version == version))
