"""The terminal health alerts the dashboard shows, and the figures beside them.

Plain rules on a terminal's health row (central.models.Terminal, as the heartbeats and
events left it) at a moment: no database, no request. Each alert has a level: `fault`
(the terminal cannot serve: printer, silence) or `warning` (it serves, someone should
look: the ID card reader, the scanner or the call light, disk, clock, dead letters, the
PIN pad, out of service by staff's choice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from central.dashboard.i18n import STRINGS, Language, duration, t
from central.models import Terminal
from kiosk.protocol import OUT_OF_SERVICE

SILENT_AFTER = timedelta(minutes=2)  # heartbeats come every 30 s
DISK_LOW_MB = 1024.0  # under 1 GB free for the data folder
DRIFT_LIMIT_S = 60.0  # either way: tickets and deadlines carry the terminal's time
PRINTER_OK = ("", "ok", "unknown")  # unknown: nothing printed yet, not a fault
PAPER_OUT = "paper_out"
FAULT, WARNING = "fault", "warning"
REASON_LABELS = {
    "printer": "oos_printer",
    "maintenance": "oos_maintenance",
    "network": "oos_network",
    "other": "oos_other",
}
PLAIN_LABELS = {"silent": "alert_silent", "paper_out": "alert_paper_out"}  # no values


@dataclass(frozen=True)
class Device:
    """A device beside the ticket printer (protocol 6): its state's column on the health
    row, its figure's label, its alert's code and label."""

    column: str
    figure: str
    alert: str
    label: str


DEVICES = (
    Device("id_card_status", "figure_id_card", "id_card_fault", "alert_id_card"),
    Device("scanner_status", "figure_scanner", "scanner_fault", "alert_scanner"),
    Device(
        "signal_light_status", "figure_signal_light", "signal_light_fault", "alert_signal_light"
    ),
)
DEVICE_ALERTS = {device.alert: device for device in DEVICES}
# A configured device that cannot work: an alert. "none" (not configured), "restarting"
# (it comes back by itself) and a word this server does not know are only shown.
DEVICE_FAULTS = frozenset({"fault", "no_reader", "disconnected"})
DEVICE_WORDS = {
    "ok": "device_ok",
    "none": "device_none",
    "no_reader": "device_no_reader",
    "disconnected": "device_disconnected",
    "fault": "device_fault",
    "restarting": "device_restarting",
}


@dataclass(frozen=True)
class Alert:
    code: str  # printer_fault, paper_out, silent, id_card_fault, disk_low, dead_letters, ...
    level: str
    values: dict[str, Any] = field(default_factory=dict)  # for the label


def state_of(health: Terminal, device: Device) -> str | None:
    """The device's state the latest heartbeat told (None: unknown)."""
    state: str | None = getattr(health, device.column)
    return state


def alerts(health: Terminal | None, now: datetime) -> list[Alert]:
    """What is wrong with a terminal now, faults first. None: registered, never heard."""
    if health is None:
        return [Alert("silent", FAULT)]
    found: list[Alert] = []
    seen = health.last_seen_at
    if seen is None or now - seen > SILENT_AFTER:
        found.append(Alert("silent", FAULT))
    printer = health.printer_status or ""
    if printer == PAPER_OUT:
        found.append(Alert("paper_out", FAULT))
    elif printer not in PRINTER_OK:
        found.append(Alert("printer_fault", FAULT, {"status": printer}))
    for device in DEVICES:
        state = state_of(health, device)
        if state in DEVICE_FAULTS:
            found.append(Alert(device.alert, WARNING, {"status": state}))
    if health.mode == OUT_OF_SERVICE:
        found.append(Alert("out_of_service", WARNING, {"reason": health.mode_reason or ""}))
    until = health.pin_locked_until
    if until is not None and now < until:
        found.append(Alert("pin_locked", WARNING, {"until": until}))
    if health.disk_free_mb is not None and health.disk_free_mb < DISK_LOW_MB:
        found.append(Alert("disk_low", WARNING, {"mb": health.disk_free_mb}))
    drift = health.clock_drift_s
    if drift is not None and abs(drift) > DRIFT_LIMIT_S:
        found.append(Alert("clock_drift", WARNING, {"s": drift}))
    if health.dead_letters:
        found.append(Alert("dead_letters", WARNING, {"n": health.dead_letters}))
    return found


def megabytes(lang: Language, mb: float) -> str:
    if mb >= 1024:
        return t(lang, "size_gb", n=f"{mb / 1024:.1f}")
    return t(lang, "size_mb", n=f"{mb:.0f}")


def signed_seconds(lang: Language, s: float) -> str:
    """A drift with its sign: +75 s is the terminal ahead of the server."""
    return t(lang, "seconds", s=f"{s:+.0f}")


def printer_name(lang: Language, status: str) -> str:
    key = f"printer_{status}"
    return t(lang, key) if key in STRINGS else status


def device_words(lang: Language, state: str) -> str:
    """A device's state: its words for the terminal's words (DEVICE_WORDS), else as the
    terminal sent it (a newer terminal's word)."""
    key = DEVICE_WORDS.get(state)
    return t(lang, key) if key else state


def reason_words(lang: Language, reason: str) -> str:
    """An out-of-service reason: its words for the kiosk's codes (kiosk.staff.reasons),
    else as the terminal sent it (an older terminal's free text)."""
    key = REASON_LABELS.get(reason)
    return t(lang, key) if key else reason


def uptime(lang: Language, seconds: float) -> str:
    if seconds < 3600:
        return duration(lang, seconds)
    whole = int(seconds) // 60
    return t(lang, "hours_minutes", h=whole // 60, m=whole % 60)


def local_time(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%H:%M")


def label(alert: Alert, lang: Language, zone: ZoneInfo) -> str:
    """The alert in words."""
    v = alert.values
    if alert.code == "printer_fault":
        return t(lang, "alert_printer_fault", status=printer_name(lang, v["status"]))
    if alert.code in DEVICE_ALERTS:
        return t(lang, DEVICE_ALERTS[alert.code].label, status=device_words(lang, v["status"]))
    if alert.code == "out_of_service":
        reason = reason_words(lang, v["reason"]) if v["reason"] else ""
        text = t(lang, "alert_out_of_service")
        return f"{text} · {reason}" if reason else text
    if alert.code == "pin_locked":
        return t(lang, "alert_pin_locked", until=local_time(v["until"], zone))
    if alert.code == "disk_low":
        return t(lang, "alert_disk_low", free=megabytes(lang, v["mb"]))
    if alert.code == "clock_drift":
        return t(lang, "alert_clock_drift", drift=signed_seconds(lang, v["s"]))
    if alert.code == "dead_letters":
        return t(lang, "alert_dead_letters", n=v["n"])
    return t(lang, PLAIN_LABELS.get(alert.code, "alert_silent"))


def figures(health: Terminal | None, lang: Language, zone: ZoneInfo) -> list[dict[str, str]]:
    """The diagnostics' figures the latest heartbeat brought, in words; the unknown ones
    are left out (an older terminal sends none of them)."""
    if health is None:
        return []
    h = health
    shown: list[tuple[str, str | None]] = [
        (
            "figure_disk_free",
            megabytes(lang, h.disk_free_mb) if h.disk_free_mb is not None else None,
        ),
        (
            "figure_clock_drift",
            signed_seconds(lang, h.clock_drift_s) if h.clock_drift_s is not None else None,
        ),
        ("figure_dead_letters", str(h.dead_letters) if h.dead_letters is not None else None),
        (
            "figure_round_trip",
            t(lang, "milliseconds", n=f"{h.round_trip_ms:.0f}")
            if h.round_trip_ms is not None
            else None,
        ),
        ("figure_store", megabytes(lang, h.store_mb) if h.store_mb is not None else None),
        ("figure_memory", megabytes(lang, h.memory_mb) if h.memory_mb is not None else None),
        ("figure_uptime", uptime(lang, h.uptime_s) if h.uptime_s is not None else None),
        ("figure_restarts", str(h.restarts) if h.restarts is not None else None),
        (
            "figure_last_crash",
            h.last_crash_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            if h.last_crash_at
            else None,
        ),
        ("figure_store_schema", h.store_schema),
        ("figure_printer", h.printer_detail),
        ("figure_a4", h.a4_status),
        *((d.figure, device_words(lang, s) if (s := state_of(h, d)) else None) for d in DEVICES),
        (
            "figure_tls_expires",
            h.tls_expires_at.astimezone(zone).strftime("%Y-%m-%d") if h.tls_expires_at else None,
        ),
        ("figure_screen", h.screen),
    ]
    return [{"key": key, "label": t(lang, key), "value": value} for key, value in shown if value]
