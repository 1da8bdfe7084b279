"""Staff sign-in and server-side sessions for the dashboard, with their CSRF tokens.

The session cookie holds a random key; the database keeps only its SHA-256 (a stolen
database opens no session) with the staff member, a CSRF token and the expiry. Every
state-changing POST carries the session's CSRF token (a form field or X-CSRF-Token);
the sign-in form, which has no session yet, uses a double-submit cookie instead.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from central.db import Database
from central.models import Staff, WebSession
from central.security import hash_password, new_token, token_hash, verify_password

SESSION_COOKIE = "dashboard_session"
LOGIN_CSRF_COOKIE = "dashboard_login_csrf"
SESSION_LIFETIME = timedelta(hours=12)  # one working day, never overnight


@cache
def _dummy_hash() -> str:
    """Checked when the username is unknown, so that answer takes as long as a wrong one."""
    return hash_password(new_token())


@dataclass(frozen=True)
class SignedIn:
    """The staff member behind a valid session."""

    key_hash: str
    staff_id: int
    username: str
    display_name: str
    role: str
    csrf_token: str
    counter: int | None = None  # a counter clerk's counter (窗口号)


def check_credentials(session: Session, username: str, password: str) -> Staff | None:
    """The staff member these credentials belong to, or None (for any reason)."""
    staff = session.execute(select(Staff).where(Staff.username == username)).scalar_one_or_none()
    if staff is None or not staff.password_hash:  # unknown, or a terminal-only account
        verify_password(password, _dummy_hash())  # the same time for either answer
        return None
    if not verify_password(password, staff.password_hash) or staff.disabled:
        return None
    return staff


def sign_in(db: Database, username: str, password: str, now: datetime) -> str | None:
    """A new session's cookie key for valid credentials, or None."""
    with db.read() as session:  # scrypt outside the write lock; the id read inside
        staff = check_credentials(session, username, password)
        staff_id = staff.id if staff else None
    if staff_id is None:
        return None
    key = new_token()
    with db.transaction() as session:
        session.execute(delete(WebSession).where(WebSession.expires_at <= now))
        session.add(
            WebSession(
                key_hash=token_hash(key),
                staff_id=staff_id,
                csrf_token=new_token(),
                created_at=now,
                expires_at=now + SESSION_LIFETIME,
            )
        )
    return key


def current(db: Database, key: str | None, now: datetime) -> SignedIn | None:
    """The session a cookie key opens, if it exists, has not expired and its staff is active."""
    if not key:
        return None
    with db.read() as session:  # read everything inside: the read's rollback expires rows
        row = session.execute(
            select(WebSession, Staff)
            .join(Staff, Staff.id == WebSession.staff_id)
            .where(WebSession.key_hash == token_hash(key))
        ).one_or_none()
        if row is None:
            return None
        web, staff = row
        if web.expires_at <= now or staff.disabled:
            return None
        return SignedIn(
            key_hash=web.key_hash,
            staff_id=staff.id,
            username=staff.username,
            display_name=staff.display_name,
            role=staff.role,
            csrf_token=web.csrf_token,
            counter=staff.counter,
        )


def sign_out(db: Database, signed: SignedIn) -> None:
    with db.transaction() as session:
        session.execute(delete(WebSession).where(WebSession.key_hash == signed.key_hash))


def same_token(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of a CSRF token; False when either is missing."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
