"""Staff accounts for the terminals: roles, personal PINs and the roster terminals download.

A PIN is 6 to 8 ASCII digits, kept as `kiosk.pins.hash_pin(pin, salt=<hall salt>)`
(PBKDF2-SHA256, 200 000 iterations, about 0.1 s). Every account shares ONE hall-wide
salt (the `settings` row "pin_salt", made by migration 0005): the terminal's PIN pad
shows nothing about its staff, so the terminal learns who it is from the PIN alone, and
with one salt it derives once and compares the digest with every account's instead of
deriving once per account. The consequence: two accounts must not share a PIN, and the
refusal names nobody (`PinRefused`, "choose another"), or it would tell a colleague's PIN.

Trivial PINs are refused too: one digit repeated (111111) and runs up or down (123456,
987654, also through 0: 890123).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import Setting, Staff
from kiosk.pins import hash_pin

ATTENDANT, TECHNICIAN, GRID_LEADER, SUPERVISOR = (
    "attendant",
    "technician",
    "grid_leader",
    "supervisor",
)
# A counter clerk (窗口人员) signs in to the dashboard's counter page, bound to a counter.
COUNTER_CLERK = "counter_clerk"
ROLES = (ATTENDANT, TECHNICIAN, GRID_LEADER, SUPERVISOR, COUNTER_CLERK)
PIN_MIN, PIN_MAX = 6, 8
PIN_ITERATIONS = 200_000
SALT_SETTING = "pin_salt"
# ASCII digits only: str.isdigit() accepts full-width ４ and Arabic-Indic ٤.
_PIN = re.compile(rf"[0-9]{{{PIN_MIN},{PIN_MAX}}}")
# Usernames travel in events (protocol Text64) and URLs: plain ASCII, no spaces.
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
NAME_MAX = 64


class PinRefused(ValueError):
    """The PIN cannot be used; `key` names the reason for the dashboard's strings."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


def pin_problem(pin: str) -> PinRefused | None:
    """Why `pin` cannot be anyone's PIN (its form, or trivial), or None. Never echoes it."""
    if not isinstance(pin, str) or _PIN.fullmatch(pin) is None:
        return PinRefused(f"a PIN must be {PIN_MIN} to {PIN_MAX} digits 0-9", "pin_form")
    steps = {(int(b) - int(a)) % 10 for a, b in pairwise(pin)}
    if steps in ({0}, {1}, {9}):  # 111111, 123456 (and 890123), 654321
        return PinRefused(
            "this PIN is too easy to guess (one digit repeated, or a run): choose another",
            "pin_trivial",
        )
    return None


def in_use() -> PinRefused:
    """Another account has this PIN: said without naming it."""
    return PinRefused("this PIN cannot be used, choose another", "pin_in_use")


def salt(session: Session) -> bytes:
    """The hall's PIN salt; made in `session`'s transaction if missing (migration 0005
    makes it, so only a database whose row was removed by hand needs this)."""
    row = session.get(Setting, SALT_SETTING)
    if row is None:
        row = Setting(name=SALT_SETTING, value=secrets.token_hex(16))
        session.add(row)
        session.flush()
    return bytes.fromhex(row.value)


def derive(pin: str, hall_salt: bytes) -> str:
    """The stored form of a checked PIN (about 0.1 s: call it outside a write lock)."""
    problem = pin_problem(pin)
    if problem is not None:
        raise problem
    return hash_pin(pin, iterations=PIN_ITERATIONS, salt=hall_salt)


def holder(session: Session, pin_hash: str) -> int | None:
    """The id of the account whose PIN this is (disabled ones too: enabling it again
    must not make two accounts share a PIN), or None."""
    return session.scalar(select(Staff.id).where(Staff.pin_hash == pin_hash))


@dataclass(frozen=True)
class Roster:
    """What GET /api/v1/staff sends: the enabled accounts with a PIN, and its version."""

    version: str
    salt: str
    accounts: list[dict[str, str]]

    def as_json(self) -> dict[str, Any]:
        return {"version": self.version, "salt": self.salt, "accounts": self.accounts}


def roster(session: Session) -> Roster:
    """The roster now. Its version hashes the content, so any change (a new PIN, a name,
    a role, a disabled account) gives a new one; the same content gives the same one."""
    row = session.get(Setting, SALT_SETTING)
    hall_salt = row.value if row is not None else ""
    accounts = [
        {
            "username": s.username,
            "display_name": s.display_name,
            "role": s.role,
            "pin_hash": s.pin_hash or "",
        }
        for s in session.scalars(
            select(Staff)
            # A counter clerk works at a counter, never at a terminal; and a terminal
            # refuses a roster with a role it does not know.
            .where(
                Staff.disabled.is_(False),
                Staff.pin_hash.is_not(None),
                Staff.role != COUNTER_CLERK,
            )
            .order_by(Staff.username)
        )
    ]
    canonical = json.dumps(
        {"salt": hall_salt, "accounts": accounts}, sort_keys=True, ensure_ascii=False
    )
    version = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return Roster(version, hall_salt, accounts)
