"""What the dashboard shows at one moment, as plain JSON-ready data in one language.

The page renders a snapshot on the server (Jinja2) and the client script renders every
later one (from the stream or by polling), so both read the same fields. Ids become words
here (item, step, fields, printer status); the script only formats times and counts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from central import helpcalls
from central.dashboard import figures
from central.dashboard import health as health_rules
from central.dashboard.catalog_names import CatalogNames, NameCache
from central.dashboard.i18n import STRINGS, Language, duration, t
from central.days import hall_day
from central.models import ApiClient, HelpCall, Terminal
from kiosk.protocol import OUT_OF_SERVICE

ONLINE_WITHIN = timedelta(minutes=2)  # terminals send a heartbeat every 30 s
# The string of each terminal mode (kiosk.protocol.MODES; a test keeps them in step).
MODE_LABELS = {
    "applicant": "mode_applicant",
    "staff": "mode_staff",
    "check_in": "mode_check_in",
    "progress": "mode_progress",
    "out_of_service": "mode_out_of_service",
}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


# kiosk.recovery's call for a ticket committed but never printed (a crash, a printer
# fault): its context names the ticket, {"screen": "ticket_unprinted", "ticket": "A07-003"}.
UNPRINTED_SCREEN = "ticket_unprinted"
TICKET_NUMBER_MAX = 16  # a ticket number is short (kiosk.protocol's Text16)


def _ticket_number(value: Any) -> str:
    """The call's ticket number if it is one: a short printable string. The page and the
    script escape it as every snapshot text; this only keeps a garbled one off the wall."""
    number = _text(value).strip()
    if not 0 < len(number) <= TICKET_NUMBER_MAX or not number.isprintable():
        return ""
    return number


def _step(context: dict[str, Any], names: CatalogNames, lang: Language) -> str:
    """Where the applicant is: the screen (and why, e.g. a printer fault), the form page;
    for a ticket never printed, which ticket."""
    screen, _, reason = _text(context.get("screen")).partition(":")
    parts = []
    if screen == UNPRINTED_SCREEN:
        number = _ticket_number(context.get("ticket"))
        parts.append(
            t(lang, "ticket_unprinted", number=number)
            if number
            else t(lang, "ticket_unprinted_unnamed")
        )
    elif screen:
        parts.append(t(lang, f"screen_{screen}") if f"screen_{screen}" in STRINGS else screen)
    if reason:
        parts.append(t(lang, f"reason_{reason}") if f"reason_{reason}" in STRINGS else reason)
    page_id = _text(context.get("page_id"))
    if page_id:
        parts.append(names.page(_text(context.get("item_id")), page_id, lang))
    return " · ".join(parts)


def help_call(call: HelpCall, names: CatalogNames, lang: Language, now: datetime) -> dict[str, Any]:
    context = call.context if isinstance(call.context, dict) else {}
    item_id = _text(context.get("item_id"))
    errors = context.get("fields_in_error")
    fields = [
        names.field(item_id, field_id, lang)
        for field_id in (errors if isinstance(errors, list) else [])
        if isinstance(field_id, str)
    ]
    waited = (now - call.requested_at).total_seconds()
    if call.state == helpcalls.ACKNOWLEDGED and call.at_terminal:
        # Protocol 4: the attendant signed in at the terminal and acknowledged it there.
        state_label = t(lang, "state_at_terminal", by=call.acknowledged_by or "")
    elif call.state == helpcalls.ACKNOWLEDGED:
        state_label = t(lang, "state_acknowledged", by=call.acknowledged_by or "")
    else:
        state_label = t(lang, "state_open")
    return {
        "id": call.id,
        "terminal": call.terminal,
        "terminal_label": t(lang, "terminal_n", n=call.terminal),
        "state": call.state,
        "state_label": state_label,
        "at_terminal": call.at_terminal,
        "item": names.item(item_id, lang) if item_id else "",
        "step": _step(context, names, lang),
        "fields": fields,
        "requested_at": call.requested_at.isoformat(),
        "waited_s": waited,
        "waited": duration(lang, waited),
    }


def _local_time(at: datetime, now: datetime, zone: ZoneInfo) -> str:
    local = at.astimezone(zone)
    if local.date() == hall_day(now, zone):
        return local.strftime("%H:%M:%S")
    return local.strftime("%Y-%m-%d %H:%M")


def _service(health: Terminal | None, lang: Language) -> dict[str, Any]:
    """The terminal's mode (terminal.mode events); out of service is what staff must see."""
    mode = (health.mode or "") if health else ""
    reason = health_rules.reason_words(lang, health.mode_reason or "") if health else ""
    label = t(lang, MODE_LABELS[mode]) if mode in MODE_LABELS else mode
    return {
        "mode": mode,
        "mode_label": f"{label} · {reason}" if label and reason else label,
        "out_of_service": mode == OUT_OF_SERVICE,
    }


def terminal(
    number: int, health: Terminal | None, lang: Language, now: datetime, zone: ZoneInfo
) -> dict[str, Any]:
    seen = health.last_seen_at if health else None
    printer = (health.printer_status or "") if health else ""
    printer_key = f"printer_{printer}"
    alerts = health_rules.alerts(health, now)
    return {
        "number": number,
        "label": t(lang, "terminal_n", n=number),
        "last_seen_at": seen.isoformat() if seen else None,
        "last_seen": _local_time(seen, now, zone) if seen else t(lang, "never_seen"),
        "online": seen is not None and now - seen < ONLINE_WITHIN,
        "printer_status": printer,
        "printer": t(lang, printer_key) if printer_key in STRINGS else printer,
        "printer_ok": printer in ("", "ok", "unknown"),
        "outbox_depth": health.outbox_depth if health else None,
        "app_version": (health.app_version or "") if health else "",
        "catalog_version": (health.catalog_version or "") if health else "",
        **_service(health, lang),
        "alerts": [
            {"code": a.code, "level": a.level, "label": health_rules.label(a, lang, zone)}
            for a in alerts
        ],
        "fault": any(a.level == health_rules.FAULT for a in alerts),
        "figures": health_rules.figures(health, lang, zone),
        "audit_url": f"/dashboard/terminals/{number}/audit",
    }


def percent(rate: float | None) -> str:
    """A rate as the board shows it: "96.5%", or "–" when there is nothing to rate."""
    return "–" if rate is None else f"{rate * 100:.1f}%"


def build(
    session: Session, names: NameCache, lang: Language, now: datetime, zone: ZoneInfo
) -> dict[str, Any]:
    """The dashboard's data: live help calls, every registered terminal, today's figures
    (the hall's day in `zone`)."""
    catalog = names.get(session)
    calls = (
        session.execute(
            select(HelpCall)
            .where(HelpCall.state.in_((helpcalls.OPEN, helpcalls.ACKNOWLEDGED)))
            # Open calls first (someone must go), each group the longest waiting first.
            .order_by((HelpCall.state != helpcalls.OPEN), HelpCall.requested_at)
        )
        .scalars()
        .all()
    )
    registered = (
        session.execute(
            select(ApiClient.terminal_number)
            .where(
                ApiClient.role == "terminal",
                ApiClient.revoked_at.is_(None),
                ApiClient.terminal_number.is_not(None),
            )
            .order_by(ApiClient.terminal_number)
        )
        .scalars()
        .all()
    )
    health = {row.number: row for row in session.execute(select(Terminal)).scalars()}
    today = figures.today(session, now, zone)
    return {
        "now": now.isoformat(),
        "online_within_s": ONLINE_WITHIN.total_seconds(),
        "calls": [help_call(call, catalog, lang, now) for call in calls],
        "terminals": [
            terminal(number, health.get(number), lang, now, zone)
            for number in registered
            if number is not None
        ],
        "figures": today.as_json()
        | {
            "mean_ack": duration(lang, today.mean_ack_s) if today.mean_ack_s is not None else "–",
            "satisfaction": percent(today.satisfaction),
        },
    }
