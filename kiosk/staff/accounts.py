"""The staff list downloaded from the central server (GET /api/v1/staff), checked strictly
before it replaces the terminal's.

The body is `{"version", "salt", "accounts": [{"username", "display_name", "role",
"pin_hash"}]}`; every `pin_hash` is in kiosk.pins's format with the hall's one salt, so
a PIN on the pad is derived once and compared with every digest. One bad account
refuses the whole download (`StaffListRefused`, saying which and why, never a hash):
the previous list stays, as a refused catalog keeps the old one. The table is replaced
in one transaction, so an account missing from the new list (revoked, disabled) can no
longer sign in from the commit on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.pins import parse_pin_hash
from kiosk.staff.roles import Role, role_of
from kiosk.store.audit import audit
from kiosk.store.models import StaffAccount, SyncState

MAX_ACCOUNTS = 500  # a hall has a few dozen staff: far more is not a staff list
# A slow hash costs the store lane its time on every PIN: the hall's is 200 000
# iterations (about 0.1 s); a list asking for much more would stall the pad.
MAX_ITERATIONS = 1_000_000
MAX_ITERATION_COUNTS = 4  # distinct counts (a server moving to a higher cost), each derived once
STAFF_VERSION = "staff.version"  # SyncState: the list installed (its presence: enrolled)
STAFF_ETAG = "staff.etag"  # SyncState: its ETag, for If-None-Match after a restart
# As the central server's (central/staff.py): plain ASCII, no spaces; fits Text64.
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
VERSION = re.compile(r"[A-Za-z0-9._:-]{1,64}")
SALT = re.compile(r"(?:[0-9a-fA-F]{2}){8,64}")
NAME_MAX = 64


class StaffListRefused(ValueError):
    """A downloaded staff list that cannot be used; the message says why."""


@dataclass(frozen=True)
class StaffList:
    """A checked staff list, ready to install."""

    version: str
    accounts: tuple[StaffAccount, ...]


def check_staff_list(body: object) -> StaffList:
    """The staff list in `body`, checked; StaffListRefused saying what is wrong."""
    if not isinstance(body, Mapping):
        raise StaffListRefused("the staff list is not a JSON object")
    version = body.get("version")
    if not isinstance(version, str) or VERSION.fullmatch(version) is None:
        raise StaffListRefused("version: expected 1 to 64 letters, digits or ._:-")
    accounts = body.get("accounts")
    if not isinstance(accounts, list):
        raise StaffListRefused("accounts: expected a list")
    if len(accounts) > MAX_ACCOUNTS:
        raise StaffListRefused(f"accounts: {len(accounts)} is over the limit of {MAX_ACCOUNTS}")
    salt = body.get("salt")
    if not isinstance(salt, str) or (accounts and SALT.fullmatch(salt) is None):
        # A hall without accounts may have no salt yet; one with accounts must.
        raise StaffListRefused("salt: expected 8 to 64 bytes in hex")
    hall_salt = bytes.fromhex(salt) if accounts else b""
    checked: list[StaffAccount] = []
    usernames: set[str] = set()
    digests: set[bytes] = set()
    iteration_counts: set[int] = set()
    for i, raw in enumerate(accounts):
        account = _account(i, raw, hall_salt, usernames, digests, iteration_counts)
        checked.append(account)
    if len(iteration_counts) > MAX_ITERATION_COUNTS:
        raise StaffListRefused(
            f"accounts: {len(iteration_counts)} different iteration counts, at most "
            f"{MAX_ITERATION_COUNTS}"
        )
    return StaffList(version, tuple(checked))


def _account(
    i: int,
    raw: object,
    hall_salt: bytes,
    usernames: set[str],
    digests: set[bytes],
    iteration_counts: set[int],
) -> StaffAccount:
    where = f"accounts[{i}]"
    if not isinstance(raw, Mapping):
        raise StaffListRefused(f"{where}: expected an object")
    username = raw.get("username")
    if not isinstance(username, str) or USERNAME.fullmatch(username) is None:
        raise StaffListRefused(
            f"{where}.username: expected 1 to 64 letters, digits or ._@- (no spaces)"
        )
    where = f"{where} ({username})"
    if username in usernames:
        raise StaffListRefused(f"{where}: the username is listed twice")
    name = raw.get("display_name")
    if not _one_line(name, NAME_MAX):
        raise StaffListRefused(f"{where}.display_name: expected 1 to {NAME_MAX} characters")
    assert isinstance(name, str)
    role = role_of(raw.get("role"))
    if role is None:
        roles = ", ".join(r.value for r in Role)
        raise StaffListRefused(f"{where}.role: expected one of {roles}")
    pin_hash = raw.get("pin_hash")
    if not isinstance(pin_hash, str) or len(pin_hash) > 255:
        raise StaffListRefused(f"{where}.pin_hash: expected a PIN hash")
    try:
        parsed = parse_pin_hash(pin_hash)
    except ValueError as e:
        raise StaffListRefused(f"{where}.pin_hash: {e}") from None
    if parsed.salt != hall_salt:
        raise StaffListRefused(f"{where}.pin_hash: not made with the hall's salt")
    if parsed.iterations > MAX_ITERATIONS:
        raise StaffListRefused(
            f"{where}.pin_hash: {parsed.iterations} iterations, at most {MAX_ITERATIONS}"
        )
    if parsed.digest in digests:
        # With one salt, the same digest is the same PIN: whose would it sign in?
        raise StaffListRefused(f"{where}.pin_hash: another account has the same PIN")
    usernames.add(username)
    digests.add(parsed.digest)
    iteration_counts.add(parsed.iterations)
    return StaffAccount(
        username=username, display_name=name.strip(), role=role.value, pin_hash=pin_hash
    )


def _one_line(value: object, max_chars: int) -> bool:
    """A name to show: text, 1 to `max_chars` characters, printable (no line breaks,
    no control characters), not only spaces."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= max_chars
        and value.strip() != ""
        and value.isprintable()
        and "\x00" not in value
    )


def install_staff_list(s: Session, body: object, now: datetime, etag: str | None = None) -> str:
    """In `s`'s transaction: check `body` and replace the accounts with it; the version.

    StaffListRefused (nothing written) when anything in it is wrong.
    """
    checked = check_staff_list(body)
    s.execute(delete(StaffAccount))
    s.add_all(checked.accounts)
    s.merge(SyncState(name=STAFF_VERSION, value=checked.version))
    if etag is not None:
        s.merge(SyncState(name=STAFF_ETAG, value=etag))
    else:
        s.execute(delete(SyncState).where(SyncState.name == STAFF_ETAG))
    roles: dict[str, int] = {}
    for account in checked.accounts:
        roles[account.role] = roles.get(account.role, 0) + 1
    audit(
        s,
        "central",
        "staff.installed",
        {"version": checked.version, "accounts": len(checked.accounts), "roles": roles},
        now,
    )
    return checked.version


def installed_version(s: Session) -> str | None:
    """The staff list installed (None: none ever was, the terminal is not enrolled)."""
    row = s.get(SyncState, STAFF_VERSION)
    return row.value if row is not None else None


def installed_etag(s: Session) -> str | None:
    row = s.get(SyncState, STAFF_ETAG)
    return row.value if row is not None else None


def account_rows(s: Session) -> list[StaffAccount]:
    return list(s.scalars(select(StaffAccount).order_by(StaffAccount.username)))


__all__ = [
    "MAX_ACCOUNTS",
    "StaffList",
    "StaffListRefused",
    "account_rows",
    "check_staff_list",
    "install_staff_list",
    "installed_etag",
    "installed_version",
]
