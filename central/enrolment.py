"""One-time enrolment codes: how a new (or replaced) terminal gets its API token.

`central enrol --number N` or the dashboard issues a code for terminal N; the technician
types it at the terminal (`kiosk provision`), which exchanges it once, over TLS, for
the terminal's token (POST /api/v1/enrol). Nobody copies a 43-character token by hand.

A code is 8 characters from an alphabet without look-alikes (no 0/O, no 1/I/L), shown
as `K7QM-3XPA` and accepted with or without the dash, in any case. 31^8 is about
8.5e11 codes; with the API's per-address throttle a guesser gets a few dozen tries per
quarter-hour, and a code lives 24 hours and works once. Like a token, a code is kept
only as its SHA-256 (central.security): the database never holds one that can be typed.

Issuing a code for a terminal voids that terminal's older unused codes (the newest one
is the only one in circulation). Redeeming it gives the terminal a new token by the
same rule as `central add-terminal` (one row per terminal number: the old token stops
working, so enrolling again replaces it) and marks the code used, in one transaction.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.admin import TERMINALS, AdminError, Issued
from central.db import Database
from central.models import ApiClient, EnrolmentCode, Setting
from central.security import new_token, token_hash

log = logging.getLogger(__name__)

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, no 1/I/L: typed from a screen
LENGTH = 8
LIFETIME = timedelta(hours=24)
QR_PREFIX = "KIOSK-ENROL:"  # what the code's QR says: `KIOSK-ENROL:K7QM3XPA`
MAX_TYPED = 32  # characters of a typed code looked at (with dashes and spaces)
HALL_NAME_SETTING = "hall_name"  # the name the terminals are told, when one is set
CREATED_BY_MAX = 64
ISSUE_ATTEMPTS = 5  # a new code equal to a stored one's hash: drawn again


class Refusal(StrEnum):
    """Why a code was not exchanged (each told apart to the technician)."""

    WRONG = "wrong"  # no such code, or not a code's shape
    USED = "used"
    EXPIRED = "expired"
    REPLACED = "replaced"  # a newer code was issued for the same terminal


class EnrolmentRefused(Exception):
    """A code that cannot be exchanged; `reason` says which case, the message in one line."""

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class IssuedCode:
    """A new code (shown once), its terminal and when it stops working."""

    code: str  # the 8 characters, no dash
    terminal: int
    expires_at: datetime

    @property
    def shown(self) -> str:
        """`K7QM-3XPA`: two groups of four, as people read it out."""
        return grouped(self.code)

    @property
    def qr_text(self) -> str:
        return QR_PREFIX + self.code


@dataclass(frozen=True)
class Enrolled:
    """A redeemed code: the terminal's new token (shown once) and the hall's name."""

    terminal: int
    token: str
    hall_name: str | None
    replaced: bool  # the terminal had a token before (now revoked)


def grouped(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def normalise(typed: str) -> str | None:
    """The code in `typed` (dashes and spaces dropped, upper case), or None when it
    cannot be one (wrong length or a character outside the alphabet)."""
    if len(typed) > MAX_TYPED:
        return None
    code = "".join(ch for ch in typed if ch not in "- \t").upper()
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_hash(code: str) -> str:
    """What the database keeps of a (normalised) code."""
    return token_hash(code)


def issue(db: Database, number: int, now: datetime, created_by: str) -> IssuedCode:
    """A new code for terminal `number`, valid for LIFETIME; its older unused codes void."""
    if number not in TERMINALS:
        raise AdminError(f"terminal number must be 1 to 12, not {number}")
    by = created_by.strip()[:CREATED_BY_MAX] or "?"
    for _ in range(ISSUE_ATTEMPTS):
        code = new_code()
        try:
            with db.transaction() as s:
                s.execute(
                    update(EnrolmentCode)
                    .where(
                        EnrolmentCode.terminal_number == number,
                        EnrolmentCode.used_at.is_(None),
                        EnrolmentCode.voided_at.is_(None),
                    )
                    .values(voided_at=now)
                )
                s.add(
                    EnrolmentCode(
                        code_hash=code_hash(code),
                        terminal_number=number,
                        created_at=now,
                        expires_at=now + LIFETIME,
                        used_at=None,
                        voided_at=None,
                        created_by=by,
                    )
                )
        except IntegrityError:  # the same hash as a stored code: draw another
            continue
        # The audit of admin acts on this server is its log; never the code itself.
        log.info("enrolment code issued for terminal %d by %s", number, by)
        return IssuedCode(code, number, now + LIFETIME)
    raise AdminError("could not draw a new enrolment code; try again")


def terminal_token(s: Session, number: int, now: datetime) -> Issued:
    """A new token for terminal `number` in the session's transaction: the rule of
    central.admin.add_terminal (one row per number, the old hash replaced: revoked)."""
    token = new_token()
    row = s.scalar(select(ApiClient).where(ApiClient.terminal_number == number))
    replaced = row is not None
    if row is None:
        row = ApiClient(role="terminal", terminal_number=number, name=f"terminal {number}")
        s.add(row)
    row.token_hash, row.created_at, row.revoked_at = token_hash(token), now, None
    return Issued(token, replaced)


HALL_NAME_MAX = 80  # as the terminal takes it (kiosk.provision.HALL_NAME_MAX)


def check_hall_name(name: str) -> str:
    """The hall's name as stored: one printable line; ValueError otherwise."""
    name = name.strip()
    # Its length first: a 10 000-character name is refused, not scanned.
    if not name or len(name) > HALL_NAME_MAX or not name.isprintable():
        raise ValueError(f"the hall's name must be 1 to {HALL_NAME_MAX} printable characters")
    return name


def set_hall_name(db: Database, name: str) -> str:
    """Set the name enrolling terminals are told; the name stored."""
    name = check_hall_name(name)
    with db.transaction() as s:
        row = s.get(Setting, HALL_NAME_SETTING)
        if row is None:
            s.add(Setting(name=HALL_NAME_SETTING, value=name))
        else:
            row.value = name
    return name


def hall_name(s: Session) -> str | None:
    row = s.get(Setting, HALL_NAME_SETTING)
    return row.value if row is not None and row.value else None


def redeem(db: Database, typed: str, now: datetime) -> Enrolled:
    """Exchange a typed code for its terminal's new token; EnrolmentRefused otherwise."""
    code = normalise(typed)
    if code is None:
        raise EnrolmentRefused(Refusal.WRONG, "not an enrolment code")
    digest = code_hash(code)
    with db.transaction() as s:
        # FOR UPDATE on PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises): two
        # terminals typing the same code at once cannot both get a token.
        row = s.scalar(
            select(EnrolmentCode).where(EnrolmentCode.code_hash == digest).with_for_update()
        )
        if row is None:
            raise EnrolmentRefused(Refusal.WRONG, "no such enrolment code")
        if row.used_at is not None:
            raise EnrolmentRefused(Refusal.USED, "this enrolment code was used already")
        if row.voided_at is not None:
            raise EnrolmentRefused(
                Refusal.REPLACED, "a newer enrolment code was issued for this terminal"
            )
        if row.expires_at <= now:
            raise EnrolmentRefused(Refusal.EXPIRED, "this enrolment code has expired")
        issued = terminal_token(s, row.terminal_number, now)
        row.used_at = now
        number, name = row.terminal_number, hall_name(s)
    log.info(
        "terminal %d enrolled with a one-time code%s",
        number,
        " (its previous token is revoked)" if issued.replaced else "",
    )
    return Enrolled(number, issued.token, name, issued.replaced)
