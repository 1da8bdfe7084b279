"""Each diagnostics rule at its thresholds, and the plain words of the values."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kiosk.diagnostics import figures as rules
from kiosk.diagnostics.figures import Section, State
from kiosk.diagnostics.words import ago, duration, megabytes
from tests.conftest import CST

NOW = datetime(2026, 11, 26, 10, 30, tzinfo=CST)


@pytest.mark.parametrize(
    ("free_mb", "state"),
    [
        (None, State.UNKNOWN),
        (float("nan"), State.UNKNOWN),
        (0, State.FAULT),
        (1023.9, State.FAULT),
        (1024, State.WARNING),
        (5 * 1024 - 0.1, State.WARNING),
        (5 * 1024, State.OK),
        (80_000, State.OK),
    ],
)
def test_disk_free(free_mb: float | None, state: State) -> None:
    figure = rules.disk_free(free_mb)
    assert figure.state is state and figure.key == "disk_free"
    assert figure.section is Section.MACHINE
    assert (figure.hint is None) == (state in (State.OK, State.UNKNOWN))


@pytest.mark.parametrize(
    ("drift", "state", "zh", "en"),
    [
        (None, State.UNKNOWN, "未知", "unknown"),
        (0.0, State.OK, "0 秒", "0 s"),
        (5.0, State.OK, "快 5.0 秒", "5.0 s ahead"),
        (-5.1, State.WARNING, "慢 5.1 秒", "5.1 s behind"),
        (60.0, State.WARNING, "快 60 秒", "60 s ahead"),
        (-60.5, State.FAULT, "慢 60 秒", "60 s behind"),
        (3600.0, State.FAULT, "快 3600 秒", "3600 s ahead"),
    ],
)
def test_clock_drift(drift: float | None, state: State, zh: str, en: str) -> None:
    figure = rules.clock_drift(drift)
    assert figure.state is state
    assert (figure.value.zh, figure.value.en) == (zh, en)


def test_last_contact() -> None:
    old = rules.last_contact(True, NOW - timedelta(seconds=121), NOW, demo=False)
    assert old.state is State.WARNING and old.value.en.startswith("2 minutes ago")
    recent = rules.last_contact(True, NOW - timedelta(seconds=120), NOW, demo=False)
    assert recent.state is State.OK and "10:28" in recent.value.zh
    assert rules.last_contact(True, None, NOW, demo=True).state is State.WARNING
    demo = rules.last_contact(False, None, NOW, demo=True)
    assert demo.state is State.OK and demo.value.en == "not configured (demo)"
    assert rules.last_contact(False, None, NOW, demo=False).state is State.WARNING


def test_central_url_and_sync_state() -> None:
    assert rules.central_url("", demo=True).state is State.OK
    assert rules.central_url("", demo=False).state is State.WARNING
    assert rules.central_url("https://c.hall", demo=False).value.en == "https://c.hall"
    assert rules.sync_state(True, True, False, None, False).state is State.OK
    offline = rules.sync_state(True, False, False, "connection refused", False)
    assert offline.state is State.WARNING and "connection refused" in offline.value.en
    assert rules.sync_state(True, False, True, "401", False).state is State.FAULT


@pytest.mark.parametrize(
    ("count", "state"), [(None, State.UNKNOWN), (0, State.OK), (1, State.WARNING)]
)
def test_dead_letters(count: int | None, state: State) -> None:
    assert rules.dead_letters(count).state is state


@pytest.mark.parametrize(
    ("depth", "age", "state"),
    [
        (None, None, State.UNKNOWN),
        (0, None, State.OK),
        (3, 600.0, State.OK),
        (3, 600.1, State.WARNING),
    ],
)
def test_outbox(depth: int | None, age: float | None, state: State) -> None:
    figure = rules.outbox(depth, age)
    assert figure.state is state
    if depth and age:
        assert figure.value.en.startswith(f"{depth}, the oldest waiting 10 minutes")


def test_tls_certificate() -> None:
    url = "https://central.hall:8443"
    in_days = lambda d: NOW + timedelta(days=d)  # noqa: E731
    assert rules.tls_certificate(url, in_days(31), NOW, demo=False).state is State.OK
    soon = rules.tls_certificate(url, in_days(29), NOW, demo=False)
    assert soon.state is State.WARNING and soon.value.en.startswith("expires 2026-12-25")
    gone = rules.tls_certificate(url, in_days(-1), NOW, demo=False)
    assert gone.state is State.FAULT and gone.value.en == "expired on 2026-11-25"
    unread = rules.tls_certificate(url, None, NOW, demo=False, error="refused")
    assert unread.state is State.UNKNOWN and "refused" in unread.value.en
    plain = rules.tls_certificate("http://central.hall", None, NOW, demo=False)
    assert plain.state is State.WARNING and plain.value.en == "not TLS (plain http)"
    assert rules.tls_certificate("http://127.0.0.1:8080", None, NOW, demo=True).state is State.OK


@pytest.mark.parametrize(
    ("code", "state"),
    [
        ("ok", State.OK),
        ("printed", State.OK),
        ("files", State.OK),
        ("near_end", State.WARNING),
        ("paper_out", State.FAULT),
        ("cover_open", State.FAULT),
        ("offline", State.FAULT),
        ("disconnected", State.FAULT),
        ("no_answer", State.FAULT),
        ("not_found", State.FAULT),
        ("fault", State.FAULT),
        ("a code from a newer printer package", State.FAULT),
        ("no_status", State.UNKNOWN),
        ("unknown", State.UNKNOWN),
        (None, State.UNKNOWN),
    ],
)
def test_printer_states_from_printer_error_codes(code: str | None, state: State) -> None:
    figure = rules.printer_state("printer_status", code)
    assert figure.state is state and figure.section is Section.PRINTER
    if state is State.FAULT:
        assert figure.hint is not None


def test_every_printer_fault_code_has_its_words() -> None:
    from printer import errors

    codes = {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.PrinterFault)
    }
    assert codes <= set(rules.PRINTER_WORDS)


@pytest.mark.parametrize(
    ("mb", "state"), [(None, State.UNKNOWN), (1536.0, State.OK), (1536.1, State.WARNING)]
)
def test_memory(mb: float | None, state: State) -> None:
    assert rules.memory(mb).state is state


def test_restarts_and_last_crash() -> None:
    assert rules.restarts(None).state is State.UNKNOWN
    assert rules.restarts(2).state is State.OK
    assert rules.restarts(3).state is State.WARNING
    assert rules.last_crash(None, NOW).state is State.OK
    hour_ago = rules.last_crash(NOW - timedelta(hours=1), NOW)
    assert hour_ago.state is State.WARNING and hour_ago.value.en == "2026-11-26 09:30 (1 hour ago)"
    assert rules.last_crash(NOW - timedelta(days=2), NOW).state is State.OK


def test_a4_queue_states() -> None:
    assert rules.a4_queue("idle", "A4").state is State.OK
    assert rules.a4_queue("none", None).state is State.OK
    assert rules.a4_queue("held", "A4").state is State.WARNING
    for bad in ("disabled", "unknown_queue", "no_cups", "no_scheduler"):
        assert rules.a4_queue(bad, "A4").state is State.FAULT
    assert rules.a4_queue("something new", "A4").state is State.UNKNOWN


def test_screen_and_orientation() -> None:
    wide = rules.screen(rules.ScreenInfo(1920, 1080))
    assert wide.value.en == "1920×1080, landscape" and wide.value.zh == "1920×1080，横屏"
    assert rules.ScreenInfo(1080, 1920).describe() == "1080x1920 portrait"
    assert rules.screen(None).state is State.UNKNOWN
    assert rules.screen(rules.ScreenInfo(0, 0)).state is State.UNKNOWN


def test_worst() -> None:
    ok = rules.disk_free(9000)
    assert rules.worst([ok]) is State.OK
    assert rules.worst([ok, rules.memory(None)]) is State.UNKNOWN
    assert rules.worst([ok, rules.dead_letters(2), rules.disk_free(1)]) is State.FAULT


def test_words() -> None:
    assert (ago(1).zh, ago(1).en) == ("刚刚", "just now")
    assert (ago(61).zh, ago(61).en) == ("1 分钟前", "1 minute ago")
    assert ago(12 * 60 + 5).en == "12 minutes ago"
    assert ago(3 * 86400).zh == "3 天前"
    assert duration(3 * 86400 + 4 * 3600 + 5).en == "3 days 4 hours"
    assert duration(3 * 86400 + 4 * 3600).zh == "3 天 4 小时"
    assert duration(45).en == "45 seconds" and duration(3600).en == "1 hour"
    assert duration(-1).en == "unknown" and ago(float("inf")).en == "unknown"
    assert megabytes(850).en == "850 MB" and megabytes(12.34 * 1024).en == "12.3 GB"
    assert megabytes(0.1).en == "0.1 MB"
