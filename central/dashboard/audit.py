"""A terminal's staff actions (the staff_actions table) as the audit page shows them.

Newest first, a bounded page at a time. Who: the account's display name (and role)
when the username is known here, else the username as the terminal sent it, and "a PIN
that matched no one" for a failed PIN. What: the action in words when it is one the
kiosk sends (kiosk.staff.actions), else the word itself. The detail shows only known,
short, scalar keys: an event from a terminal is not trusted to hold only those.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.dashboard.health import reason_words
from central.dashboard.i18n import STRINGS, Language, t
from central.models import Staff, StaffAction

PAGE_SIZE = 50
MAX_PAGE = 100_000  # a page number past the end is the last page, never a huge OFFSET
DETAIL_TEXT_MAX = 80

# kiosk.staff.actions' words; an unknown one (a newer terminal's) is shown as it came.
ACTION_LABELS = {
    "signed_in": "action_signed_in",
    "signed_out": "action_signed_out",
    "session_ended": "action_session_ended",
    "pin_failed": "action_pin_failed",
    "pin_locked": "action_pin_locked",
    "help_acknowledged": "action_help_acknowledged",
    "help_resolved": "action_help_resolved",
    "assist_started": "action_assist_started",
    "assist_ended": "action_assist_ended",
    "proxy_started": "action_proxy_started",
    "proxy_ended": "action_proxy_ended",
    "out_of_service": "action_out_of_service",
    "in_service": "action_in_service",
    "diagnostics_opened": "action_diagnostics_opened",
    "send_now": "action_send_now",
    "download_catalog": "action_download_catalog",
    "test_ticket": "action_test_ticket",
    "printer_status": "action_printer_status",
    "restart": "action_restart",
    "exit": "action_exit",
    "enrol": "action_enrol",
    "ticket_reprinted": "action_ticket_reprinted",
    "ticket_reprint_failed": "action_ticket_reprint_failed",
}
# The detail keys kiosk.staff.desk sends that a person wants to read.
DETAIL_LABELS = {
    "reason": "detail_reason",
    "in_a_row": "detail_in_a_row",
    "until": "detail_until",
    "lock_s": "detail_lock_s",
    "lockouts": "detail_lockouts",
    "id": "detail_id",
    "source": "detail_source",
    "reference": "detail_reference",
}


@dataclass(frozen=True)
class AuditPage:
    terminal: int
    page: int
    pages: int
    total: int
    entries: list[dict[str, str]]


def _when(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def _detail(detail: Any, lang: Language) -> str:
    if not isinstance(detail, dict):
        return ""
    parts = []
    for key, label in DETAIL_LABELS.items():
        value = detail.get(key)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            continue
        text = (
            reason_words(lang, value) if key == "reason" and isinstance(value, str) else str(value)
        )
        if len(text) > DETAIL_TEXT_MAX:
            text = text[:DETAIL_TEXT_MAX] + "…"
        parts.append(f"{t(lang, label)}: {text}")
    return " · ".join(parts)


def page(session: Session, terminal: int, number: int, lang: Language, zone: ZoneInfo) -> AuditPage:
    """Page `number` (from 1) of `terminal`'s staff actions, newest first."""
    total = session.scalar(
        select(func.count()).select_from(StaffAction).where(StaffAction.terminal == terminal)
    )
    total = total or 0
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, number), pages, MAX_PAGE)
    rows = session.scalars(
        select(StaffAction)
        .where(StaffAction.terminal == terminal)
        .order_by(StaffAction.at.desc(), StaffAction.id.desc())
        .limit(PAGE_SIZE)
        .offset((number - 1) * PAGE_SIZE)
    ).all()
    usernames = {r.staff for r in rows if r.staff}
    names = (
        {
            s.username: (s.display_name, s.role)
            for s in session.scalars(select(Staff).where(Staff.username.in_(usernames)))
        }
        if usernames
        else {}
    )
    entries = []
    for r in rows:
        name, role = names.get(r.staff or "", (r.staff or "", r.role or ""))
        role_key = f"role_{role}"
        if not r.staff:
            who = t(lang, "audit_unknown_pin") if r.action == "pin_failed" else "–"
        elif role_key in STRINGS:
            who = f"{name} · {t(lang, role_key)}"
        else:
            who = name
        label = ACTION_LABELS.get(r.action)
        entries.append(
            {
                "when": _when(r.at, zone),
                "at": r.at.isoformat(),
                "who": who,
                "username": r.staff or "",
                "action": r.action,
                "what": t(lang, label) if label else r.action,
                "detail": _detail(r.detail, lang),
            }
        )
    return AuditPage(terminal, number, pages, total, entries)
